import { serve, type ServerType } from '@hono/node-server'
import { Hono } from 'hono'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createRealtimeApp } from '../../../functions/realtime/app.ts'
import { RealtimeHub } from '../../../functions/realtime/hub.ts'
import { createPortalNodeWebSocket, MAX_WS_PAYLOAD } from '../../../functions/realtime/node-socket.ts'
import { ChatRateLimits } from '../../../functions/realtime/rate-limit.ts'
import { messageSource } from '../../../functions/messages/service/message-source.ts'
import { buildAccessFixture, type AccessFixture } from '../../helpers/access-fixture.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { WsClient } from './ws-client.ts'

/**
 * What one person's sockets may cost the server: messages of at most 64 KiB (ws refuses larger
 * ones while reading; the Node entry builds its WebSocket server the same way), a capped number
 * of subscriptions per socket and sockets per person, and subscriptions per minute. Small limits
 * here (2 subscriptions, 2 sockets, 4 subscriptions a minute); the defaults are 50, 10 and 120.
 */
let ctx: TestContext
let f: AccessFixture
let server: ServerType
let base: string
let hub: RealtimeHub
let wss: ReturnType<typeof createPortalNodeWebSocket>['wss']
const chats: string[] = []
const open: WsClient[] = []

beforeAll(async () => {
  ctx = await createTestContext()
  f = await buildAccessFixture(ctx)
  for (let i = 0; i < 4; i++) {
    const [row] = await ctx.owner`insert into public.items (kind, client_id, audience, title, created_by) values ('message_thread', ${f.clients.a}, 'client', ${`Chat ${i}`}, ${f.people.clerk_a.id}) returning id`
    await ctx.owner`insert into public.conversations (item_id, client_id, kind) values (${row!.id}, ${f.clients.a}, 'chat')`
    chats.push(row!.id as string)
  }
  hub = new RealtimeHub(ctx.db, messageSource, { limits: new ChatRateLimits(30, 2000, 4), maxSubscriptions: 2, maxSocketsPerAccount: 2 })
  const holder = new Hono()
  const node = createPortalNodeWebSocket({ app: holder })
  wss = node.wss
  holder.route('/', createRealtimeApp(node.upgradeWebSocket, () => hub) as unknown as Hono)
  server = serve({ fetch: holder.fetch, port: 0, hostname: '127.0.0.1' })
  node.injectWebSocket(server)
  await new Promise((r) => server.once('listening', r))
  base = `127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  for (const c of open) c.close()
  await hub.stop()
  await new Promise((r) => server.close(r))
  await ctx.close()
})

const connect = async (cookie: string) => {
  const c = await WsClient.open(base, cookie)
  open.push(c)
  return c
}
const closed = (c: WsClient) => new Promise<{ code: number; reason: string }>((resolve) => (c.closed ? resolve(c.closed) : c.ws.once('close', (code, reason) => resolve({ code, reason: String(reason) }))))

it('refuses a message over 64 KiB while reading it (ws, not the app after buffering it)', async () => {
  expect(wss.options.maxPayload).toBe(MAX_WS_PAYLOAD)
  const c = await connect(f.cookies.client_a_member)
  c.ws.send(JSON.stringify({ type: 'ping', pad: 'x'.repeat(MAX_WS_PAYLOAD + 1) }))
  // ws closes with 1009 and no reason; the app's own 16 KiB check would say 'frame too large'.
  expect(await closed(c)).toEqual({ code: 1009, reason: '' })
})

it('caps subscriptions per socket (too_many_subscriptions) and subscriptions per minute (rate_limited)', async () => {
  const c = await connect(f.cookies.client_a_owner)
  expect(await c.subscribe(chats[0]!)).toMatchObject({ type: 'subscribed' })
  expect(await c.subscribe(chats[1]!)).toMatchObject({ type: 'subscribed' })
  expect(await c.subscribe(chats[2]!)).toEqual({ type: 'error', code: 'too_many_subscriptions', itemId: chats[2] })
  // Subscribing again to one it follows is no new subscription, but counts towards the rate.
  expect(await c.subscribe(chats[0]!)).toMatchObject({ type: 'subscribed' })
  c.send({ type: 'unsubscribe', itemId: chats[1]! })
  expect(await c.subscribe(chats[3]!)).toMatchObject({ type: 'subscribed' }) // the 4th this minute
  c.send({ type: 'unsubscribe', itemId: chats[3]! })
  expect(await c.subscribe(chats[2]!)).toEqual({ type: 'error', code: 'rate_limited', itemId: chats[2] })
})

it('caps open sockets per person: the third is closed with 4429; another person is not affected', async () => {
  await connect(f.cookies.clerk_a)
  await connect(f.cookies.clerk_a)
  const ws = new WebSocket(`ws://${base}/functions/v1/realtime`, { headers: { origin: `http://${base}`, cookie: f.cookies.clerk_a } })
  const frames: string[] = []
  ws.on('message', (d) => frames.push(String(d)))
  const result = await new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })))
  expect(result).toEqual({ code: 4429, reason: 'too many connections' })
  expect(frames).toEqual([]) // no hello
  const other = await connect(f.cookies.lawyer)
  expect(await other.subscribe(chats[0]!)).toMatchObject({ type: 'subscribed' })
})
