import type { Context } from 'hono'
import type { RequestMeta } from './audit.ts'

/** The audit-relevant facts of a request: trusted client IP, request id, user agent, origin. */
export function requestMeta(c: Context): RequestMeta {
  const rt = c.get('rt')
  return {
    ip: c.get('clientIp'),
    requestId: c.get('requestId'),
    userAgent: c.req.header('user-agent')?.slice(0, 300),
    origin: rt.config.PUBLIC_URL ? new URL(rt.config.PUBLIC_URL).origin : new URL(c.req.url).origin,
  }
}
