import type { Context } from 'hono'
import { expectedOrigin } from './app.ts'
import type { RequestMeta } from './audit.ts'

/** The audit-relevant facts of a request: trusted client IP, request id, user agent, origin. */
export function requestMeta(c: Context): RequestMeta {
  return {
    ip: c.get('clientIp'),
    requestId: c.get('requestId'),
    userAgent: c.req.header('user-agent')?.slice(0, 300),
    origin: expectedOrigin(c),
  }
}
