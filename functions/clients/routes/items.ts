import { Hono } from 'hono'
import { jsonBody } from '../../_shared/app.ts'
import { requestMeta } from '../../_shared/request-meta.ts'
import { requireSession, type AuthedEnv } from '../../_shared/session.ts'
import { ZCreateGroupBody, ZCreateInfoPageBody, ZGroupClientBody, ZGroupInfoPageBody, ZListItemsQuery, ZUpdateItemBody, uuidParam } from '../schemas.ts'
import { createGroup, listGroups, setGroupMembership } from '../service/groups.ts'
import { getItem, listItems } from '../service/items.ts'
import { createInfoPage, deleteItem, updateItem } from '../service/write-items.ts'

/** Items of every kind (listing, audience, changes), info pages and client groups. */
export const itemRoutes = new Hono<AuthedEnv>()
  .use('*', requireSession())
  .get('/', async (c) => {
    const { projectId, groupId } = c.req.query()
    const scope = projectId ? { projectId: uuidParam(projectId) } : groupId ? { groupId: uuidParam(groupId) } : { clientId: uuidParam(c.req.query('clientId') ?? '') }
    const page = ZListItemsQuery.parse({ after: c.req.query('after'), limit: c.req.query('limit') })
    return c.json(await listItems(c.get('rt').db, c.get('session'), scope, page))
  })
  .post('/info-pages', async (c) => {
    const clientId = uuidParam(c.req.query('clientId') ?? '')
    return c.json(await createInfoPage(c.get('rt').db, c.get('session'), { clientId }, await jsonBody(c, ZCreateInfoPageBody), requestMeta(c)), 201)
  })
  .get('/:itemId', async (c) => c.json(await getItem(c.get('rt').db, c.get('session'), uuidParam(c.req.param('itemId')))))
  .patch('/:itemId', async (c) =>
    c.json(await updateItem(c.get('rt').db, c.get('session'), uuidParam(c.req.param('itemId')), await jsonBody(c, ZUpdateItemBody), requestMeta(c), c.get('rt').now())),
  )
  .delete('/:itemId', async (c) => c.json(await deleteItem(c.get('rt').db, c.get('session'), uuidParam(c.req.param('itemId')), requestMeta(c))))

export const groupRoutes = new Hono<AuthedEnv>()
  .use('*', requireSession())
  .get('/', async (c) => c.json({ groups: await listGroups(c.get('rt').db, c.get('session')) }))
  .post('/', async (c) => c.json(await createGroup(c.get('rt').db, c.get('session'), (await jsonBody(c, ZCreateGroupBody)).name, requestMeta(c)), 201))
  .post('/:groupId/clients', async (c) => {
    const { clientId } = await jsonBody(c, ZGroupClientBody)
    return c.json(await setGroupMembership(c.get('rt').db, c.get('session'), uuidParam(c.req.param('groupId')), clientId, true, requestMeta(c)))
  })
  .delete('/:groupId/clients/:clientId', async (c) => {
    const ids = [uuidParam(c.req.param('groupId')), uuidParam(c.req.param('clientId'))] as const
    return c.json(await setGroupMembership(c.get('rt').db, c.get('session'), ids[0], ids[1], false, requestMeta(c)))
  })
  .post('/:groupId/info-pages', async (c) => {
    const body = await jsonBody(c, ZGroupInfoPageBody)
    const page = { ...body, audience: 'client' as const, projectId: null, recipients: [] }
    return c.json(await createInfoPage(c.get('rt').db, c.get('session'), { groupId: uuidParam(c.req.param('groupId')) }, page, requestMeta(c)), 201)
  })
