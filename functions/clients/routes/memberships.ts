import { Hono } from 'hono'
import { jsonBody } from '../../_shared/app.ts'
import { requestMeta } from '../../_shared/request-meta.ts'
import { requireSession, type AuthedEnv } from '../../_shared/session.ts'
import { ZEmpty, uuidParam } from '../schemas.ts'
import { acceptMembership, listPendingMemberships } from '../service/memberships.ts'

/** A person's own pending memberships: see and accept them. */
export const membershipRoutes = new Hono<AuthedEnv>()
  .use('*', requireSession())
  .get('/pending', async (c) => c.json({ memberships: await listPendingMemberships(c.get('rt').db, c.get('session')) }))
  .post('/:memberId/accept', async (c) => {
    await jsonBody(c, ZEmpty)
    return c.json(await acceptMembership(c.get('rt').db, c.get('session'), uuidParam(c.req.param('memberId')), requestMeta(c), c.get('rt').now()))
  })
