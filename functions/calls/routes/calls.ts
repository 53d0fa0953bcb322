import { Hono } from 'hono'
import { jsonBody } from '../../_shared/app.ts'
import { requestMeta } from '../../_shared/request-meta.ts'
import { requireSession, type AuthedEnv } from '../../_shared/session.ts'
import { callId, ZEmpty, ZListCallsQuery, ZStartCallBody } from '../schemas.ts'
import { callSettings, endCall, joinCall, listCalls, startCall } from '../service/calls.ts'

/** Signed-in routes: whether calls are set up, start, list, join (room JWT) and end. */
export const callRoutes = new Hono<AuthedEnv>()
  .use('*', requireSession())
  .get('/settings', (c) => c.json(callSettings()))
  .get('/', async (c) => c.json(await listCalls(c.get('rt').db, c.get('session'), ZListCallsQuery.parse(c.req.query()).itemId)))
  .post('/', async (c) => c.json(await startCall(c.get('rt').db, c.get('session'), await jsonBody(c, ZStartCallBody), requestMeta(c)), 201))
  .get('/:id/join', async (c) => c.json(await joinCall(c.get('rt').db, c.get('session'), callId(c.req.param('id')), requestMeta(c))))
  .post('/:id/end', async (c) => {
    await jsonBody(c, ZEmpty)
    return c.json(await endCall(c.get('rt').db, c.get('session'), callId(c.req.param('id')), requestMeta(c)))
  })
