import { serve, type ServerType } from '@hono/node-server'
import { createNodeWebSocket } from '@hono/node-ws'
import { Hono } from 'hono'
import type { AddressInfo } from 'node:net'
import { createGateway } from '../../functions/_server/gateway.ts'

export type UpgradeWebSocket = ReturnType<typeof createNodeWebSocket>['upgradeWebSocket']

/**
 * An app on a real socket on 127.0.0.1 with WebSockets wired, as npm start serves it — by default
 * the product's gateway (every function, the WebSocket endpoint). host is "127.0.0.1:<port>",
 * base the same with http://.
 */
export async function listenOnLoopback(
  build: (upgrade: UpgradeWebSocket) => Hono<any> = createGateway,
): Promise<{ server: ServerType; host: string; base: string; close(): Promise<void> }> {
  const holder = new Hono()
  const { injectWebSocket, upgradeWebSocket } = createNodeWebSocket({ app: holder })
  holder.route('/', build(upgradeWebSocket))
  const server = serve({ fetch: holder.fetch, port: 0, hostname: '127.0.0.1' })
  injectWebSocket(server)
  await new Promise((r) => server.once('listening', r))
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`
  return { server, host, base: `http://${host}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}
