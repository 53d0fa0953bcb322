import { Readable } from 'node:stream'
import { Hono } from 'hono'
import { z } from 'zod'
import { jsonBody } from '../../_shared/app.ts'
import { requestMeta } from '../../_shared/request-meta.ts'
import { requireSession, type AuthedEnv } from '../../_shared/session.ts'
import { ZAddToGroupBody, ZCommentBody, ZCreateGroupBody, ZEmpty, uuidParam } from '../schemas.ts'
import { addComment, addToGroup, changeComment, createGroup, getGroup, listGroups, listRevisions, removeFromGroup } from '../service/groups.ts'
import { zipGroup } from '../service/group-zip.ts'
import { cleanFilename, contentDisposition } from '../../_shared/upload/filename.ts'

/** The groups of a client or of a project: exactly one of the two. */
const ZListGroupsQuery = z.union([z.object({ clientId: z.uuid() }).strict(), z.object({ projectId: z.uuid() }).strict()])

/** Document groups (Dokumentenmappen) and their comment threads. */
export const groupRoutes = new Hono<AuthedEnv>()
  .use('*', requireSession())
  .get('/', async (c) => c.json({ groups: await listGroups(c.get('rt').db, c.get('session'), ZListGroupsQuery.parse(c.req.query())) }))
  .post('/', async (c) => c.json(await createGroup(c.get('rt').db, c.get('session'), await jsonBody(c, ZCreateGroupBody), requestMeta(c)), 201))
  .get('/:groupId', async (c) => c.json(await getGroup(c.get('rt'), c.get('session'), uuidParam(c.req.param('groupId')))))
  .get('/:groupId/zip', async (c) => {
    const zip = await zipGroup(c.get('rt'), c.get('session'), uuidParam(c.req.param('groupId')), requestMeta(c))
    c.header('Content-Type', 'application/zip')
    c.header('Content-Disposition', contentDisposition(`${cleanFilename(zip.title)}.zip`))
    c.header('Content-Security-Policy', "sandbox; default-src 'none'")
    return c.body(Readable.toWeb(zip.stream) as unknown as ReadableStream)
  })
  .post('/:groupId/documents', async (c) => {
    const { documentId } = await jsonBody(c, ZAddToGroupBody)
    return c.json(await addToGroup(c.get('rt').db, c.get('session'), uuidParam(c.req.param('groupId')), documentId, requestMeta(c)))
  })
  .delete('/:groupId/documents/:documentId', async (c) => {
    const ids = [uuidParam(c.req.param('groupId')), uuidParam(c.req.param('documentId'))] as const
    return c.json(await removeFromGroup(c.get('rt').db, c.get('session'), ids[0], ids[1], requestMeta(c)))
  })
  .post('/:groupId/comments', async (c) => {
    const { body } = await jsonBody(c, ZCommentBody)
    return c.json(await addComment(c.get('rt'), c.get('session'), uuidParam(c.req.param('groupId')), body, requestMeta(c)), 201)
  })
  .get('/comments/:commentId/revisions', async (c) => c.json(await listRevisions(c.get('rt'), c.get('session'), uuidParam(c.req.param('commentId')))))
  .patch('/comments/:commentId', async (c) => {
    const { body } = await jsonBody(c, ZCommentBody)
    return c.json(await changeComment(c.get('rt'), c.get('session'), uuidParam(c.req.param('commentId')), { body }, requestMeta(c)))
  })
  .post('/comments/:commentId/delete', async (c) => {
    await jsonBody(c, ZEmpty)
    return c.json(await changeComment(c.get('rt'), c.get('session'), uuidParam(c.req.param('commentId')), { delete: true }, requestMeta(c)))
  })
