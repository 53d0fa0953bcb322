import type { UpgradeWebSocket } from 'hono/ws'
import { createFunctionApp, expectedOrigin } from '../_shared/app.ts'
import type { Db } from '../_shared/db.ts'
import { AppError } from '../_shared/errors.ts'
import { requestMeta } from '../_shared/request-meta.ts'
import { runtime } from '../_shared/runtime.ts'
import { requireSession, type SessionInfo } from '../_shared/session.ts'
import { RealtimeHub, type MessageSource, type Socket } from './hub.ts'
import { ZClientFrame } from './protocol.ts'

/**
 * This instance's hubs over one message source: for each database one hub, created on first use
 * (it starts listening with its first socket). The gateway makes these with the messages
 * function's source (dependency injection: realtime itself imports no messages code).
 */
export function realtimeHubs(source: MessageSource): (db: Db) => RealtimeHub {
  const hubs = new WeakMap<Db, RealtimeHub>()
  return (db) => {
    let hub = hubs.get(db)
    if (!hub) hubs.set(db, (hub = new RealtimeHub(db, source, { now: () => runtime().now() })))
    return hub
  }
}

const MAX_FRAME = 16 * 1024

/**
 * GET /functions/v1/realtime: the WebSocket endpoint. The handshake must come from the portal's
 * own origin (no cross-site WebSocket hijacking) and carry a live session; the second-factor rule
 * applies as on every route. Then: hello, and the frames of protocol.ts (subscribe with a cursor,
 * send, typing, ping); events from every instance arrive through the hub. hubOf gives the hub for
 * the runtime's database (realtimeHubs; the gateway passes the portal's).
 */
export function createRealtimeApp(upgradeWebSocket: UpgradeWebSocket, hubOf: (db: Db) => RealtimeHub) {
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
      const meta = requestMeta(c)
      const hub = hubOf(c.get('rt').db)
      let socket: Promise<Socket | undefined> | undefined
      // Frames are handled one after another per socket (a send's ack before the next frame).
      let queue = Promise.resolve()
      return {
        onOpen(_event, ws) {
          socket = hub.add(ws, session, meta)
          void socket.then((s) => s && ws.send(JSON.stringify({ type: 'hello', accountId: session.accountId })))
        },
        onMessage(event, ws) {
          if (event.data === 'ping') return ws.send('pong')
          if (typeof event.data !== 'string' || event.data.length > MAX_FRAME) return ws.close(1009, 'frame too large')
          let frame
          try {
            frame = ZClientFrame.parse(JSON.parse(event.data))
          } catch {
            return ws.send(JSON.stringify({ type: 'error', code: 'bad_request' }))
          }
          queue = queue.then(async () => {
            const s = await socket
            if (s) await hub.handle(s, frame)
          }).catch(() => ws.send(JSON.stringify({ type: 'error', code: 'internal_error' })))
        },
        onClose() {
          void socket?.then((s) => s && hub.remove(s))
        },
      }
    }),
  )
}
