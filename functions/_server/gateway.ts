import { Hono } from 'hono'
import type { UpgradeWebSocket } from 'hono/ws'
import { notFound, requestContext, type AppEnv } from '../_shared/app.ts'
import { renderError } from '../_shared/errors.ts'
import { refuseWhileShuttingDown } from '../_shared/lifecycle.ts'
import { requestMetrics } from '../_shared/metrics.ts'
import { securityHeaders } from '../_shared/security-headers.ts'
import { app as appointments } from '../appointments/app.ts'
import { app as auth } from '../auth/app.ts'
import { app as backup } from '../backup/app.ts'
import { app as calls } from '../calls/app.ts'
import { app as chat } from '../chat/app.ts'
import { app as clients } from '../clients/app.ts'
import { app as documents } from '../documents/app.ts'
import { app as health, probeApp } from '../health/app.ts'
import { app as messages } from '../messages/app.ts'
import { messageSource } from '../messages/service/message-source.ts'
import { metricsApp } from '../operations/metrics-app.ts'
import { app as operations } from '../operations/app.ts'
import { app as shares } from '../shares/app.ts'
import { createRealtimeApp, realtimeHubs } from '../realtime/app.ts'
import { serveWeb } from './static.ts'

/**
 * This instance's realtime hubs (one per database). The gateway is where functions meet (no
 * function imports another, DESIGN.md §2.2): the hub in functions/realtime is transport only, and
 * the messages it reads and posts come from the messages function's source.
 */
export const hubFor = realtimeHubs(messageSource)

/**
 * The one HTTP surface: every function under /functions/v1/<name>, the WebSocket, and the web app
 * for everything else. Runtime-neutral; main.ts (Node) and deno.ts pass their WebSocket upgrader.
 */
export function createGateway(upgradeWebSocket: UpgradeWebSocket) {
  const gateway = new Hono<AppEnv>()
  // Request ids and headers for everything; each function adds its own guards and body limits.
  gateway.use('*', requestContext(), securityHeaders())
  // Counted for /metrics; after SIGTERM new requests get 503 while running ones finish.
  gateway.use('*', requestMetrics(), refuseWhileShuttingDown())
  gateway.onError(renderError)
  gateway.notFound(notFound)
  gateway.route('/', health)
  gateway.route('/', probeApp)
  gateway.route('/', metricsApp)
  gateway.route('/', auth)
  gateway.route('/', backup)
  gateway.route('/', clients)
  gateway.route('/', documents)
  gateway.route('/', shares)
  gateway.route('/', messages)
  gateway.route('/', operations)
  gateway.route('/', appointments)
  gateway.route('/', calls)
  gateway.route('/', chat)
  gateway.route('/', createRealtimeApp(upgradeWebSocket, hubFor))
  gateway.get('*', async (c, next) => {
    if (c.req.path.startsWith('/functions/')) return next()
    return (await serveWeb(c)) ?? next()
  })
  return gateway
}
