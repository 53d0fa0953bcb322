import { Hono } from 'hono'
import { notFound, requestContext, type AppEnv } from '../_shared/app.ts'
import { AppError, renderError } from '../_shared/errors.ts'
import { log } from '../_shared/log.ts'
import { family, renderRequestMetrics } from '../_shared/metrics.ts'
import { bearerToken, tokenMatches } from '../_shared/metrics-token.ts'
import { securityHeaders } from '../_shared/security-headers.ts'
import { uploadSlotCounts } from '../_shared/upload/slots.ts'
import { collectDatabaseMetrics } from './service/collect-metrics.ts'

/**
 * GET /metrics in the Prometheus text format, for the firm's monitoring. Off (404, like any
 * unknown path) unless METRICS_TOKEN is set; then only `Authorization: Bearer <token>` is
 * answered, anything else gets 401. Mounted at the root by the gateway, beside the functions.
 */
export const metricsApp = new Hono<AppEnv>()
  // Middleware on the route itself: a '*' here would run for every path once mounted at the root.
  .get('/metrics', requestContext(), securityHeaders(), async (c) => {
    const token = c.get('rt').config.METRICS_TOKEN
    if (!token) return notFound(c)
    const presented = bearerToken(c.req.header('authorization'))
    if (!presented || !tokenMatches(presented, token)) {
      c.header('WWW-Authenticate', 'Bearer realm="metrics"')
      throw new AppError('unauthenticated', { status: 401, message: 'A valid metrics token is required.' })
    }
    let database = ''
    try {
      database = await collectDatabaseMetrics(c.get('rt'))
    } catch (err) {
      // The request families still answer; the gauge says the database did not.
      log.warn('metrics: database gauges failed', { error: err })
    }
    const up = `# HELP portal_database_up Whether the database answered the metrics query.\n# TYPE portal_database_up gauge\nportal_database_up ${database ? 1 : 0}`
    const body = [renderRequestMetrics(), database, up, uploadMetrics(), processMetrics()].filter(Boolean).join('\n') + '\n'
    c.header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
    c.header('Cache-Control', 'no-store')
    return c.body(body)
  })
  .onError(renderError)

/** File bodies being received and waiting for a slot (upload/slots.ts, MAX_CONCURRENT_UPLOADS). */
function uploadMetrics(): string {
  const { receiving, waiting } = uploadSlotCounts()
  return [
    family('portal_uploads_receiving', 'gauge', 'File bodies being received right now.', [[{}, receiving]]),
    family('portal_uploads_waiting', 'gauge', 'File uploads waiting for a free slot (MAX_CONCURRENT_UPLOADS).', [[{}, waiting]]),
  ].join('\n')
}

function processMetrics(): string {
  const memory = process.memoryUsage()
  const started = Math.floor(Date.now() / 1000 - process.uptime())
  return [
    '# HELP process_start_time_seconds Start time of the process since the Unix epoch.',
    '# TYPE process_start_time_seconds gauge',
    `process_start_time_seconds ${started}`,
    '# HELP process_resident_memory_bytes Resident memory size in bytes.',
    '# TYPE process_resident_memory_bytes gauge',
    `process_resident_memory_bytes ${memory.rss}`,
  ].join('\n')
}
