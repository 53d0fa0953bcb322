import { Hono } from 'hono'
import { jsonBody } from '../../_shared/app.ts'
import { requestMeta } from '../../_shared/request-meta.ts'
import { requireSession, type AuthedEnv } from '../../_shared/session.ts'
import { ZLegalHoldBody, ZLiftLegalHoldBody, ZRetentionQuery, ZRetentionSettingsBody } from '../schemas.ts'
import { getRetention, liftLegalHold, placeLegalHold, setRetentionYears } from '../service/retention.ts'

/** The firm's retention period (admins) and legal holds per client (the client's staff). */
export const retentionRoutes = new Hono<AuthedEnv>()
  .use('*', requireSession())
  .get('/', async (c) => c.json(await getRetention(c.get('rt').db, c.get('session'), ZRetentionQuery.parse(c.req.query()).clientId)))
  .patch('/', async (c) => {
    const { retentionYears } = await jsonBody(c, ZRetentionSettingsBody)
    return c.json(await setRetentionYears(c.get('rt').db, c.get('session'), retentionYears, requestMeta(c), c.get('rt').now()))
  })
  .post('/legal-hold', async (c) => {
    const { clientId, reason } = await jsonBody(c, ZLegalHoldBody)
    return c.json(await placeLegalHold(c.get('rt').db, c.get('session'), clientId, reason, requestMeta(c)), 201)
  })
  .post('/legal-hold/lift', async (c) => {
    const { clientId } = await jsonBody(c, ZLiftLegalHoldBody)
    return c.json(await liftLegalHold(c.get('rt').db, c.get('session'), clientId, requestMeta(c)))
  })
