import { Hono } from 'hono'
import { jsonBody } from '../../_shared/app.ts'
import { requestMeta } from '../../_shared/request-meta.ts'
import { requireSession, setAuthCookie, type AuthedEnv } from '../../_shared/session.ts'
import { ZConfirmFactorBody, ZEmpty, ZId, ZRemoveFactorBody, ZStartTotpBody } from '../schemas.ts'
import { confirmFactor } from '../service/confirm-factor.ts'
import { countRecoveryCodes, listFactors } from '../service/list-factors.ts'
import { renewRecoveryCodes } from '../service/renew-recovery-codes.ts'
import { removeFactor } from '../service/remove-factor.ts'
import { sendStepUpCode } from '../service/send-step-up-code.ts'
import { startEmailEnrolment } from '../service/start-email-enrolment.ts'
import { startTotpEnrolment } from '../service/start-totp-enrolment.ts'

/** Second factors: reachable after the grace period, so an aal1 session can always enrol. */
export const factorsRoutes = new Hono<AuthedEnv>()
  .use('*', requireSession({ allowWithoutFactor: true }))
  .get('/', async (c) => c.json({ factors: await listFactors(c.get('rt').db, c.get('session')) }))
  .get('/recovery-codes', async (c) => c.json(await countRecoveryCodes(c.get('rt').db, c.get('session'))))
  .post('/recovery-codes', async (c) => c.json(await renewRecoveryCodes(c.get('rt'), c.get('session'), await jsonBody(c, ZRemoveFactorBody), requestMeta(c))))
  .post('/totp', async (c) => {
    const body = await jsonBody(c, ZStartTotpBody)
    return c.json(await startTotpEnrolment(c.get('rt'), c.get('session'), body.label), 201)
  })
  .post('/email', async (c) => {
    await jsonBody(c, ZEmpty)
    return c.json(await startEmailEnrolment(c.get('rt'), c.get('session'), requestMeta(c)), 201)
  })
  .post('/:id/confirm', async (c) => {
    const { id } = ZId.parse({ id: c.req.param('id') })
    const { code } = await jsonBody(c, ZConfirmFactorBody)
    const result = await confirmFactor(c.get('rt'), c.get('session'), id, code, requestMeta(c))
    if (result.token) setAuthCookie(c, 'session', result.token, c.get('rt').config.SESSION_ABSOLUTE_HOURS * 3600)
    return c.json({ kind: result.kind, recoveryCodes: result.recoveryCodes ?? null, aal: 'aal2' })
  })
  .post('/step-up-code', async (c) => {
    await jsonBody(c, ZEmpty)
    return c.json(await sendStepUpCode(c.get('rt'), c.get('session'), requestMeta(c)))
  })
  .post('/:id/remove', async (c) => {
    const { id } = ZId.parse({ id: c.req.param('id') })
    const proof = await jsonBody(c, ZRemoveFactorBody)
    await removeFactor(c.get('rt'), c.get('session'), id, proof, requestMeta(c))
    return c.json({ removed: true })
  })
