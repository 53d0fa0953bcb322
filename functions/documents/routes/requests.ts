import { Hono } from 'hono'
import { jsonBody } from '../../_shared/app.ts'
import { requestMeta } from '../../_shared/request-meta.ts'
import { requireSession, type AuthedEnv } from '../../_shared/session.ts'
import { ZAcceptRequestBody, ZCreateRequestBody, ZReturnRequestBody, uuidParam } from '../schemas.ts'
import { createRequest, decideRequest, listRequests } from '../service/requests.ts'

/** Document requests (structured intake): staff ask, clients upload into them, staff decide. */
export const requestRoutes = new Hono<AuthedEnv>()
  .use('*', requireSession())
  .get('/', async (c) => c.json({ requests: await listRequests(c.get('rt').db, c.get('session'), uuidParam(c.req.query('clientId') ?? '')) }))
  .post('/', async (c) => c.json(await createRequest(c.get('rt').db, c.get('session'), await jsonBody(c, ZCreateRequestBody), requestMeta(c)), 201))
  .post('/:requestId/accept', async (c) => {
    const body = await jsonBody(c, ZAcceptRequestBody)
    return c.json(await decideRequest(c.get('rt').db, c.get('session'), uuidParam(c.req.param('requestId')), { accept: true, ...body }, requestMeta(c), c.get('rt').now()))
  })
  .post('/:requestId/return', async (c) => {
    const { reason } = await jsonBody(c, ZReturnRequestBody)
    return c.json(await decideRequest(c.get('rt').db, c.get('session'), uuidParam(c.req.param('requestId')), { accept: false, reason }, requestMeta(c), c.get('rt').now()))
  })
