import { Readable } from 'node:stream'
import { Hono } from 'hono'
import { jsonBody } from '../../_shared/app.ts'
import { requestMeta } from '../../_shared/request-meta.ts'
import { requireSession, type AuthedEnv } from '../../_shared/session.ts'
import { ZAddToGroupBody, ZCommentBody, ZCreateGroupBody, ZEmpty, uuidParam } from '../schemas.ts'
import { addComment, addToGroup, changeComment, createGroup, getGroup } from '../service/groups.ts'
import { zipGroup } from '../service/group-zip.ts'
import { cleanFilename, contentDisposition } from '../lib/filename.ts'

/** Document groups (Dokumentenmappen) and their comment threads. */
export const groupRoutes = new Hono<AuthedEnv>()
  .use('*', requireSession())
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
  .post('/:groupId/comments', async (c) => {
    const { body } = await jsonBody(c, ZCommentBody)
    return c.json(await addComment(c.get('rt'), c.get('session'), uuidParam(c.req.param('groupId')), body, requestMeta(c)), 201)
  })
  .patch('/comments/:commentId', async (c) => {
    const { body } = await jsonBody(c, ZCommentBody)
    return c.json(await changeComment(c.get('rt'), c.get('session'), uuidParam(c.req.param('commentId')), { body }, requestMeta(c)))
  })
  .post('/comments/:commentId/delete', async (c) => {
    await jsonBody(c, ZEmpty)
    return c.json(await changeComment(c.get('rt'), c.get('session'), uuidParam(c.req.param('commentId')), { delete: true }, requestMeta(c)))
  })
