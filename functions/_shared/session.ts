import type { Context, MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import { createHmac } from 'node:crypto'
import type { AppEnv } from './app.ts'
import type { Claims } from './db.ts'
import { AppError } from './errors.ts'
import { asServiceRole } from './privileged.ts'
import { runtime } from './runtime.ts'

/** The cookie name: __Host- prefixed (Secure, Path=/, no Domain) wherever the browser allows it. */
export function sessionCookieName(c: Context): string {
  const url = new URL(runtime().config.PUBLIC_URL ?? c.req.url)
  const secureContext = url.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
  return secureContext ? '__Host-portal_session' : 'portal_session'
}

/** Tokens are stored only as HMAC-SHA-256 under the session pepper. */
export function hashToken(token: string): Buffer {
  return createHmac('sha256', runtime().secrets.sessionPepper).update(token).digest()
}

export type SessionInfo = {
  sessionId: string
  accountId: string
  aal: 'aal1' | 'aal2'
  amr: { method: string; timestamp: number }[]
  email: string
  mfaDeadline: Date
  claims: Claims
}

/**
 * Resolves the cookie to a live session and slides its idle expiry. Answers undefined for a
 * missing, unknown, revoked, expired or disabled session. Disabling an account or revoking a
 * session therefore takes effect on the next request.
 */
export async function resolveSession(c: Context): Promise<SessionInfo | undefined> {
  const token = getCookie(c, sessionCookieName(c))
  if (!token || token.length > 200) return undefined
  const rt = runtime()
  const now = rt.now()
  const idle = new Date(now.getTime() + rt.config.SESSION_IDLE_MINUTES * 60_000)
  // Privileged: the caller has no identity until the session is found.
  const rows = await asServiceRole(rt.db, 'session resolution', (tx) => tx`
    update public.sessions s set last_seen_at = ${now}, idle_expires_at = least(${idle}, s.expires_at)
    from public.accounts a
    where s.token_hash = ${hashToken(token)} and a.id = s.account_id and s.revoked_at is null
      and s.idle_expires_at > ${now} and s.expires_at > ${now} and a.disabled_at is null
    returning s.id, s.account_id, s.aal, s.amr, a.email, a.mfa_deadline`)
  const row = rows[0]
  if (!row) return undefined
  const claims: Claims = {
    role: 'authenticated',
    sub: row.account_id,
    aal: row.aal,
    amr: row.amr,
    session_id: row.id,
    email: row.email,
  }
  return { sessionId: row.id, accountId: row.account_id, aal: row.aal, amr: row.amr, email: row.email, mfaDeadline: row.mfa_deadline, claims }
}

export type AuthedEnv = AppEnv & { Variables: { session: SessionInfo } }

/**
 * Requires a signed-in session. After the second-factor deadline an aal1 session reaches only
 * the routes marked allowWithoutFactor (enrolment, sign-out): everything else answers
 * second_factor_required, and the database's restrictive policies say the same.
 */
export function requireSession(options: { allowWithoutFactor?: boolean } = {}): MiddlewareHandler<AuthedEnv> {
  return async (c, next) => {
    const session = await resolveSession(c)
    if (!session) throw new AppError('unauthenticated', { status: 401, message: 'Please sign in.' })
    if (!options.allowWithoutFactor && session.aal !== 'aal2' && session.mfaDeadline <= runtime().now())
      throw new AppError('second_factor_required', { status: 403, message: 'Set up a second factor first.' })
    c.set('session', session)
    return next()
  }
}
