import type { Context, MiddlewareHandler } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { createHmac } from 'node:crypto'
import type { AppEnv } from './app.ts'
import { randomToken } from './crypto.ts'
import type { Claims, Tx } from './db.ts'
import { AppError } from './errors.ts'
import { asServiceRole } from './privileged.ts'
import { runtime } from './runtime.ts'

function secureContext(c: Context): boolean {
  const url = new URL(runtime().config.PUBLIC_URL ?? c.req.url)
  return url.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
}

/**
 * Cookie names: __Host- prefixed (Secure, Path=/, no Domain) wherever the browser allows it,
 * i.e. over https and on localhost; a plain-http LAN address gets an unprefixed name.
 */
export function cookieName(c: Context, kind: 'session' | 'challenge'): string {
  return `${secureContext(c) ? '__Host-' : ''}portal_${kind}`
}

/** Sets an HttpOnly, SameSite=Strict cookie for the whole origin. */
export function setAuthCookie(c: Context, kind: 'session' | 'challenge', token: string, maxAgeSeconds: number): void {
  setCookie(c, cookieName(c, kind), token, {
    httpOnly: true,
    secure: secureContext(c),
    sameSite: 'Strict',
    path: '/',
    maxAge: maxAgeSeconds,
  })
}

export function clearAuthCookie(c: Context, kind: 'session' | 'challenge'): void {
  deleteCookie(c, cookieName(c, kind), { path: '/', secure: secureContext(c), httpOnly: true, sameSite: 'Strict' })
}

export type NewSession = { accountId: string; aal: 'aal1' | 'aal2'; amr: { method: string; timestamp: number }[]; userAgent?: string; ip?: string }

/**
 * Creates a session row (only the token's HMAC is stored) and returns the random 256-bit token
 * for the cookie. Runs in the caller's (privileged sign-in) transaction.
 */
export async function createSession(tx: Tx, session: NewSession): Promise<{ token: string; id: string }> {
  const rt = runtime()
  const now = rt.now()
  const token = randomToken(32)
  const idle = new Date(now.getTime() + rt.config.SESSION_IDLE_MINUTES * 60_000)
  const absolute = new Date(now.getTime() + rt.config.SESSION_ABSOLUTE_HOURS * 3600_000)
  const [row] = await tx`
    insert into public.sessions (token_hash, account_id, aal, amr, user_agent, ip, created_at, last_seen_at, idle_expires_at, expires_at)
    values (${hashToken(token)}, ${session.accountId}, ${session.aal}, ${tx.json(session.amr)},
            ${session.userAgent?.slice(0, 300) ?? null}, ${session.ip ?? null}, ${now}, ${now}, ${idle}, ${absolute})
    returning id`
  return { token, id: row!.id as string }
}

/** The session token from the request's cookie, if any (bounded length). */
export function sessionToken(c: Context, kind: 'session' | 'challenge' = 'session'): string | undefined {
  const token = getCookie(c, cookieName(c, kind))
  return token && token.length <= 200 ? token : undefined
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
  account: { displayName: string; kind: 'staff' | 'client' | 'external'; isAdmin: boolean; locale: 'de' | 'en' }
  claims: Claims
}

/**
 * Resolves the cookie to a live session and slides its idle expiry. Answers undefined for a
 * missing, unknown, revoked, expired or disabled session. Disabling an account or revoking a
 * session therefore takes effect on the next request.
 */
export async function resolveSession(c: Context): Promise<SessionInfo | undefined> {
  const token = sessionToken(c)
  if (!token) return undefined
  const rt = runtime()
  const now = rt.now()
  const idle = new Date(now.getTime() + rt.config.SESSION_IDLE_MINUTES * 60_000)
  // Privileged: the caller has no identity until the session is found. The idle expiry slides at
  // most once a minute, so most requests only read.
  const rows = await asServiceRole(rt.db, 'session resolution', async (tx) => {
    const found = await tx`
      select s.id, s.account_id, s.aal, s.amr, s.last_seen_at, a.email, a.mfa_deadline, a.display_name, a.kind, a.is_admin, a.locale
      from public.sessions s join public.accounts a on a.id = s.account_id
      where s.token_hash = ${hashToken(token)} and s.revoked_at is null
        and s.idle_expires_at > ${now} and s.expires_at > ${now} and a.disabled_at is null`
    if (found[0] && now.getTime() - found[0].last_seen_at.getTime() > 60_000)
      await tx`update public.sessions set last_seen_at = ${now}, idle_expires_at = least(${idle}, expires_at) where id = ${found[0].id}`
    return found
  })
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
  return {
    sessionId: row.id,
    accountId: row.account_id,
    aal: row.aal,
    amr: row.amr,
    email: row.email,
    mfaDeadline: row.mfa_deadline,
    account: { displayName: row.display_name, kind: row.kind, isAdmin: row.is_admin, locale: row.locale },
    claims,
  }
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
