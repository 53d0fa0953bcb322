import { Hono } from 'hono'
import { createFunctionApp, requestContext, type AppEnv } from '../_shared/app.ts'
import { renderError } from '../_shared/errors.ts'
import { securityHeaders } from '../_shared/security-headers.ts'
import { checkHealth } from './service/check-health.ts'

/**
 * GET /functions/v1/health: is the database reachable, are all migrations applied, and is the
 * process serving (not shutting down)? 200 when all hold, 503 otherwise.
 */
export const app = createFunctionApp('health').get('/', async (c) => {
  const report = await checkHealth(c.get('rt'))
  return c.json(report, report.status === 'ok' ? 200 : 503)
})

/** The same check at /health, the path load balancers and container probes look for. */
export const probeApp = new Hono<AppEnv>()
  // Middleware on the route itself: a '*' here would run for every path once mounted at the root.
  .get('/health', requestContext(), securityHeaders(), async (c) => {
    const report = await checkHealth(c.get('rt'))
    c.header('Cache-Control', 'no-store')
    return c.json(report, report.status === 'ok' ? 200 : 503)
  })
  .onError(renderError)

export type HealthApp = typeof app
