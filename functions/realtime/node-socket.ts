import { createNodeWebSocket } from '@hono/node-ws'

/**
 * The largest WebSocket message the Node server accepts (64 KiB): ws refuses longer frames while
 * reading them (close 1009) instead of buffering up to its default of 100 MiB. The realtime
 * protocol's frames are far smaller (functions/realtime/app.ts checks 16 KiB per frame).
 */
export const MAX_WS_PAYLOAD = 64 * 1024

/** createNodeWebSocket with the portal's limits (@hono/node-ws 1.3 passes no ws options). */
export function createPortalNodeWebSocket(init: Parameters<typeof createNodeWebSocket>[0]): ReturnType<typeof createNodeWebSocket> {
  const socket = createNodeWebSocket(init)
  // ws reads this per upgrade (WebSocketServer#completeUpgrade), so setting it before any works.
  socket.wss.options.maxPayload = MAX_WS_PAYLOAD
  return socket
}
