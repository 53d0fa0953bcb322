import { Hono, type Context } from 'hono'
import { createFunctionApp, requestContext, type AppEnv } from '../_shared/app.ts'
import { AppError, renderError } from '../_shared/errors.ts'
import { bearerToken, tokenMatches } from '../_shared/metrics-token.ts'
import { securityHeaders } from '../_shared/security-headers.ts'
import { checkHealth, publicHealth } from './service/check-health.ts'

/**
 * Anyone (a load balancer) gets the status only: 200 {status:'ok'} or 503 {status:'degraded',
 * reason} with a generic reason. Migration names, counts and uptime tell an outsider which release
 * runs and when it restarted, so the full report needs `Authorization: Bearer <METRICS_TOKEN>`
 * (compared in constant time, as /metrics does); a wrong token gets 401.
 */
async function answer(c: Context<AppEnv>) {
  const report = await checkHealth(c.get('rt'))
  const status = report.status === 'ok' ? 200 : 503
  c.header('Cache-Control', 'no-store')
  const presented = bearerToken(c.req.header('authorization'))
  if (presented === undefined) return c.json(publicHealth(report), status)
  const token = c.get('rt').config.METRICS_TOKEN
  if (!token || !tokenMatches(presented, token)) {
    c.header('WWW-Authenticate', 'Bearer realm="metrics"')
    throw new AppError('unauthenticated', { status: 401, message: 'A valid metrics token is required.' })
  }
  return c.json(report, status)
}

/**
 * GET /functions/v1/health: is the database reachable, are all migrations applied, and is the
 * process serving (not shutting down)? 200 when all hold, 503 otherwise.
 */
export const app = createFunctionApp('health').get('/', answer)

/** The same check at /health, the path load balancers and container probes look for. */
export const probeApp = new Hono<AppEnv>()
  // Middleware on the route itself: a '*' here would run for every path once mounted at the root.
  .get('/health', requestContext(), securityHeaders(), answer)
  .onError(renderError)

export type HealthApp = typeof app
