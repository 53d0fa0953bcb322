import { Hono } from 'hono'
import { jsonBody } from '../../_shared/app.ts'
import { requestMeta } from '../../_shared/request-meta.ts'
import { requireSession, type AuthedEnv } from '../../_shared/session.ts'
import { ZChangePasswordBody, ZResetRequestBody, ZSetPasswordBody, ZTokenBody } from '../schemas.ts'
import { changePassword } from '../service/change-password.ts'
import { completePasswordReset, inspectPasswordReset, requestPasswordReset } from '../service/password-reset.ts'

/** Password reset by mail (same answer for every address) and password change when signed in. */
export const passwordRoutes = new Hono<AuthedEnv>()
  .post('/reset', async (c) => {
    const { email } = await jsonBody(c, ZResetRequestBody)
    void requestPasswordReset(c.get('rt'), email, requestMeta(c)) // answered before the work is done
    return c.json({ requested: true }, 202)
  })
  .post('/reset/inspect', async (c) => c.json(await inspectPasswordReset(c.get('rt'), (await jsonBody(c, ZTokenBody)).token)))
  .post('/reset/complete', async (c) => {
    const { token, password } = await jsonBody(c, ZSetPasswordBody)
    await completePasswordReset(c.get('rt'), token, password, requestMeta(c))
    return c.json({ changed: true })
  })
  .post('/change', requireSession(), async (c) => {
    const body = await jsonBody(c, ZChangePasswordBody)
    await changePassword(c.get('rt'), c.get('session'), body, requestMeta(c))
    return c.json({ changed: true })
  })
