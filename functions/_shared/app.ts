import { Hono, type Context, type MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { z } from 'zod'
import { clientIp } from './client-ip.ts'
import { AppError, renderError } from './errors.ts'
import { log } from './log.ts'
import { runtime, type Runtime } from './runtime.ts'
import { securityHeaders } from './security-headers.ts'

export type AppEnv = {
  Variables: {
    requestId: string
    clientIp: string
    rt: Runtime
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Request id, client address and one structured log line per request. Idempotent when nested. */
export function requestContext(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.get('requestId')) return next()
    const started = performance.now()
    const rt = runtime()
    c.set('rt', rt)
    c.set('requestId', crypto.randomUUID())
    c.set('clientIp', clientIp(c, rt.config.TRUSTED_PROXIES))
    try {
      await next()
    } finally {
      c.res.headers.set('X-Request-Id', c.get('requestId'))
      log.info('request', {
        requestId: c.get('requestId'),
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
        ip: c.get('clientIp'),
      })
    }
  }
}

/**
 * The origin the browser must send on state-changing requests and WebSocket handshakes: the
 * configured PUBLIC_URL, else the scheme of the request and its Host header (the WebSocket
 * upgrade under Node sees a placeholder URL, but the real Host).
 */
export function expectedOrigin(c: Context): string {
  const configured = runtime().config.PUBLIC_URL
  if (configured) return new URL(configured).origin
  // Without PUBLIC_URL the portal listens on loopback only (config): a Host header naming any
  // other host (DNS rebinding, a poisoned link in a mail) never becomes an accepted origin.
  const url = new URL(c.req.url)
  const host = c.req.header('host') ?? url.host
  const hostname = host.replace(/:\d+$/, '')
  return LOOPBACK.has(hostname) ? `${url.protocol}//${host}` : 'http://localhost'
}
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * CSRF guard for state changes: a same-origin Origin (or Sec-Fetch-Site: same-origin) and a JSON
 * body. Routes that take raw uploads list their paths (patterns) in rawBodyPaths.
 */
export function requestGuard(options: { rawBodyPaths?: RawPaths } = {}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next()
    const origin = c.req.header('origin')
    const sameSite = c.req.header('sec-fetch-site') === 'same-origin'
    if (origin ? origin !== expectedOrigin(c) : !sameSite)
      throw new AppError('forbidden_origin', { status: 403, message: 'Cross-origin request refused.' })
    const raw = isRaw(c.req.path, options.rawBodyPaths)
    const bodyless = c.req.method === 'DELETE' && !c.req.header('transfer-encoding') && !Number(c.req.header('content-length') ?? 0)
    if (bodyless) return next()
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
    if (!raw && type !== 'application/json')
      throw new AppError('unsupported_media_type', { status: 415, message: 'Send the request body as application/json.' })
    return next()
  }
}

/** Paths whose body is a raw upload (streamed and limited by their service), not JSON. */
export type RawPaths = RegExp[]
const isRaw = (path: string, raw?: RawPaths) => Boolean(raw?.some((r) => r.test(path)))

/** Rejects bodies larger than maxBytes on the actual stream (also chunked ones); raw uploads excepted. */
export function limitBody(maxBytes: number, rawBodyPaths?: RawPaths): MiddlewareHandler<AppEnv> {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError('payload_too_large', { status: 413, message: `The request body exceeds ${maxBytes} bytes.` })
    },
  })
  return (c, next) => (isRaw(c.req.path, rawBodyPaths) ? next() : limit(c, next))
}

/** The middleware every function and the gateway share. */
export function commonMiddleware(options: { rawBodyPaths?: RawPaths; maxBodyBytes?: number } = {}) {
  return [requestContext(), securityHeaders(), requestGuard(options), limitBody(options.maxBodyBytes ?? 1024 * 1024, options.rawBodyPaths)] as const
}

export function notFound(c: Context): Response {
  return renderError(new AppError('not_found', { status: 404, message: 'Not found.' }), c)
}

/**
 * A function's Hono app, mounted at /functions/v1/<name>, with the shared middleware, the one
 * error envelope and request ids. Routes chain onto the returned app.
 */
export function createFunctionApp(name: string, options: { rawBodyPaths?: RawPaths; maxBodyBytes?: number } = {}) {
  const app = new Hono<AppEnv>().basePath(`/functions/v1/${name}`)
  for (const middleware of commonMiddleware(options)) app.use('*', middleware)
  app.onError(renderError)
  app.notFound(notFound)
  return app
}

/** Parses the JSON body with a strict zod schema; malformed JSON and schema errors answer 400. */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  let value: unknown
  try {
    value = await c.req.json()
  } catch (err) {
    if (err instanceof AppError) throw err
    throw new AppError('invalid_json', { status: 400, message: 'The request body is not valid JSON.' })
  }
  return schema.parse(value)
}
