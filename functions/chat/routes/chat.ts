import { Hono } from 'hono'
import { jsonBody } from '../../_shared/app.ts'
import { requestMeta } from '../../_shared/request-meta.ts'
import { requireSession, type AuthedEnv } from '../../_shared/session.ts'
import { itemParam, ZConvertBody, ZEmpty, ZOfficeHoursBody } from '../schemas.ts'
import { getAvailability, getOfficeHours, setOfficeHours } from '../service/availability.ts'
import { convertChat, readState, takeChat } from '../service/chats.ts'

/**
 * Live chat around the messages API: reachability, office hours, take over, convert, read state.
 * A chat is started as a conversation by the messages function (POST /functions/v1/messages/chats).
 */
export const chatRoutes = new Hono<AuthedEnv>()
  .use('*', requireSession())
  .get('/availability', async (c) => c.json(await getAvailability(c.get('rt').db, c.get('session'), c.get('rt').now())))
  .get('/office-hours', async (c) => c.json({ spans: await getOfficeHours(c.get('rt').db, c.get('session')) }))
  .put('/office-hours', async (c) => c.json({ spans: await setOfficeHours(c.get('rt').db, c.get('session'), (await jsonBody(c, ZOfficeHoursBody)).spans) }))
  .post('/:itemId/take', async (c) => {
    await jsonBody(c, ZEmpty)
    return c.json(await takeChat(c.get('rt'), c.get('session'), itemParam(c.req.param('itemId')), requestMeta(c)))
  })
  .post('/:itemId/convert', async (c) => c.json(await convertChat(c.get('rt'), c.get('session'), itemParam(c.req.param('itemId')), await jsonBody(c, ZConvertBody), requestMeta(c))))
  .get('/:itemId/read-state', async (c) => c.json(await readState(c.get('rt'), c.get('session'), itemParam(c.req.param('itemId')))))
