import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { runtime } from '../../_shared/runtime.ts'

/** The guest cookie travels only to the guest routes of this function. */
export const GUEST_COOKIE = 'portal_guest'
export const GUEST_PATH = '/functions/v1/shares/guest'

function secure(c: Context): boolean {
  const url = new URL(runtime().config.PUBLIC_URL ?? c.req.url)
  return url.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
}

export function setGuestCookie(c: Context, token: string, maxAgeSeconds: number): void {
  setCookie(c, GUEST_COOKIE, token, { httpOnly: true, secure: secure(c), sameSite: 'Strict', path: GUEST_PATH, maxAge: Math.max(1, Math.floor(maxAgeSeconds)) })
}

export function clearGuestCookie(c: Context): void {
  deleteCookie(c, GUEST_COOKIE, { path: GUEST_PATH, secure: secure(c), httpOnly: true, sameSite: 'Strict' })
}

/** The guest token from the cookie, if any (bounded length). */
export function guestToken(c: Context): string | undefined {
  const token = getCookie(c, GUEST_COOKIE)
  return token && token.length <= 200 ? token : undefined
}

/**
 * The one 404 body of every guest route: unknown, expired, revoked and exhausted links and any
 * id outside the share answer byte-identically (no request id in the body; the header has it).
 */
export const GUEST_NOT_FOUND = JSON.stringify({ code: 'not_found', message: 'Not found.', status: 404 })
