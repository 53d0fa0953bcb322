import type { MiddlewareHandler } from 'hono'
import { runtime } from './runtime.ts'

/**
 * The headers SECURITY.md asks for on every response: a CSP without inline script that allows
 * frames only from the firm's Jitsi, nosniff, no referrer, COOP, HSTS over https, and no-store on
 * API responses.
 */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next()
    const { config } = runtime()
    const jitsi = config.JITSI_URL ? new URL(config.JITSI_URL).origin : "'none'"
    const h = c.res.headers
    if (!h.has('Content-Security-Policy')) {
      h.set(
        'Content-Security-Policy',
        [
          "default-src 'self'",
          "script-src 'self'" + (config.JITSI_URL ? ` ${jitsi}` : ''),
          "style-src 'self'",
          "img-src 'self' data: blob:",
          "font-src 'self'",
          "connect-src 'self'",
          `frame-src ${jitsi}`,
          "worker-src 'self'",
          "manifest-src 'self'",
          "object-src 'none'",
          "base-uri 'none'",
          "form-action 'self'",
          "frame-ancestors 'none'",
        ].join('; '),
      )
    }
    h.set('X-Content-Type-Options', 'nosniff')
    h.set('Referrer-Policy', 'no-referrer')
    h.set('Cross-Origin-Opener-Policy', 'same-origin')
    h.set('Cross-Origin-Resource-Policy', 'same-origin')
    h.set('X-Frame-Options', 'DENY')
    const media = config.JITSI_URL ? `(self "${jitsi}")` : '(self)'
    h.set('Permissions-Policy', `camera=${media}, microphone=${media}, display-capture=${media}, geolocation=(), payment=()`)
    if (isHttps(c.req.url, config.PUBLIC_URL)) h.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains')
    if (c.req.path.startsWith('/functions/')) h.set('Cache-Control', 'no-store')
  }
}

/** True when the portal is reached over https (directly or as configured behind a proxy). */
export function isHttps(requestUrl: string, publicUrl?: string): boolean {
  return (publicUrl ?? requestUrl).startsWith('https:')
}
