import { Hono } from 'hono'
import { jsonBody, type AppEnv } from '../../_shared/app.ts'
import { AppError } from '../../_shared/errors.ts'
import { requestMeta } from '../../_shared/request-meta.ts'
import { clearAuthCookie, sessionToken, setAuthCookie } from '../../_shared/session.ts'
import { ZEmpty, ZFactorBody, ZSignInBody } from '../schemas.ts'
import { sendSignInCode } from '../service/send-sign-in-code.ts'
import { CHALLENGE_MINUTES, signInWithPassword } from '../service/sign-in-with-password.ts'
import { verifySecondFactor } from '../service/verify-second-factor.ts'

const challenge = (c: Parameters<typeof sessionToken>[0]) => {
  const token = sessionToken(c, 'challenge')
  if (!token) throw new AppError('challenge_expired', { status: 401, message: 'The sign-in has expired. Please start again with your password.' })
  return token
}

/** Sign-in: password → (challenge cookie) → second factor → session cookie, a new token at each step. */
export const signInRoutes = new Hono<AppEnv>()
  .post('/', async (c) => {
    const body = await jsonBody(c, ZSignInBody)
    const result = await signInWithPassword(c.get('rt'), body, requestMeta(c))
    clearAuthCookie(c, 'session')
    if (result.next === 'second_factor') {
      setAuthCookie(c, 'challenge', result.challengeToken, CHALLENGE_MINUTES * 60)
      return c.json({ next: result.next, methods: result.methods })
    }
    setAuthCookie(c, 'session', result.token, c.get('rt').config.SESSION_ABSOLUTE_HOURS * 3600)
    return c.json({ next: result.next, aal: result.aal })
  })
  .post('/code', async (c) => {
    await jsonBody(c, ZEmpty)
    return c.json(await sendSignInCode(c.get('rt'), challenge(c), requestMeta(c)))
  })
  .post('/factor', async (c) => {
    const body = await jsonBody(c, ZFactorBody)
    const token = challenge(c)
    try {
      const result = await verifySecondFactor(c.get('rt'), token, body, requestMeta(c))
      clearAuthCookie(c, 'challenge')
      setAuthCookie(c, 'session', result.token, c.get('rt').config.SESSION_ABSOLUTE_HOURS * 3600)
      return c.json({ next: 'done', aal: 'aal2' })
    } catch (err) {
      if (err instanceof AppError && err.code === 'challenge_expired') clearAuthCookie(c, 'challenge')
      throw err
    }
  })
