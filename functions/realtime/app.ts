import type { UpgradeWebSocket } from 'hono/ws'
import { createFunctionApp, expectedOrigin } from '../_shared/app.ts'
import { AppError } from '../_shared/errors.ts'
import { requireSession, type SessionInfo } from '../_shared/session.ts'

/**
 * GET /functions/v1/realtime: the WebSocket endpoint. The handshake must come from the portal's
 * own origin (no cross-site WebSocket hijacking) and carry a live session; the second-factor rule
 * applies as on every route. Domain events are added by the chat issue.
 */
export function createRealtimeApp(upgradeWebSocket: UpgradeWebSocket) {
  return createFunctionApp('realtime').get(
    '/',
    async (c, next) => {
      if (c.req.header('origin') !== expectedOrigin(c))
        throw new AppError('forbidden_origin', { status: 403, message: 'Cross-origin request refused.' })
      return next()
    },
    requireSession(),
    upgradeWebSocket((c) => {
      const session = c.get('session') as SessionInfo
      return {
        onOpen(_event, ws) {
          ws.send(JSON.stringify({ type: 'hello', accountId: session.accountId }))
        },
        onMessage(event, ws) {
          if (event.data === 'ping') ws.send('pong')
        },
      }
    }),
  )
}
