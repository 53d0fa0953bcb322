import { serve, type ServerType } from '@hono/node-server'
import { createNodeWebSocket } from '@hono/node-ws'
import { Hono } from 'hono'
import { randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import WebSocket from 'ws'
import type { SessionInfo } from '../../functions/_shared/session.ts'
import { createRealtimeApp } from '../../functions/realtime/app.ts'
import { RealtimeHub } from '../../functions/realtime/hub.ts'
import { ChatRateLimits } from '../../functions/realtime/rate-limit.ts'
import { messageSource } from '../../functions/messages/service/message-source.ts'
import { defineSuite, type BenchServer } from './harness.ts'

/**
 * Chat fan-out: 500 WebSocket subscribers across 50 conversations on one server (the realtime
 * endpoint with its own hub, LISTEN/NOTIFY on the bench database). 50 clients with 10 members
 * each; every member's socket subscribes to its client's chat (audience: the whole client). A
 * member of the firm posts messages through the messages service (sealed body, insert, NOTIFY);
 * each message reaches the 10 readers of its conversation.
 *
 * Two hubs, measured in the same run, alternating (A B B A …):
 *   checked   — the product: every event re-checked for its readers (private.realtime_readers,
 *               one statement per event), the message read as one allowed reader
 *   unchecked — the same fan-out without the per-event access check (bench only)
 * Per round: BENCH_CHAT_MESSAGES messages (default 300), BENCH_CHAT_IN_FLIGHT posts at once
 * (default 8), round-robin over the conversations. Latency: from the start of the post to the
 * arrival at each subscriber (p50/p99 over all deliveries); throughput: messages posted and fully
 * delivered (all 10 readers) per second, and deliveries per second.
 */
const CLIENTS = 50
const MEMBERS = 10

type Round = { variant: 'checked' | 'unchecked'; messages: number; deliveries: number; seconds: number; p50: number; p99: number; mean: number }
type Fixture = { rounds: Round[]; subscribers: number; conversations: number }

function numberFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? '')
  return Number.isFinite(value) && value > 0 ? value : fallback
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0

async function prepareWorld(server: BenchServer) {
  const o = server.owner
  const staff = await server.createAccount({ kind: 'staff', admin: true, email: `fanout-staff-${randomUUID()}@bench.example` })
  const cookies: string[] = []
  const chats: string[] = []
  const readersOf = new Map<string, number>()
  for (let c = 0; c < CLIENTS; c++) {
    const [client] = await o`insert into public.clients (name, created_by) values (${`Fan-out ${c}`}, ${staff.id}) returning id`
    const [item] = await o`insert into public.items (kind, client_id, audience, title, created_by) values ('message_thread', ${client!.id}, 'client', 'Chat', ${staff.id}) returning id`
    await o`insert into public.conversations (item_id, client_id, kind) values (${item!.id}, ${client!.id}, 'chat')`
    chats.push(item!.id as string)
    readersOf.set(item!.id as string, MEMBERS)
    for (let m = 0; m < MEMBERS; m++) {
      const person = await server.createAccount({ kind: 'client', email: `fanout-${c}-${m}-${randomUUID().slice(0, 8)}@bench.example` })
      await o`insert into public.client_members (client_id, account_id, role, granted_by, accepted_at) values (${client!.id}, ${person.id}, 'member', ${staff.id}, now())`
      cookies.push(`${await server.signIn(person.id)}|${item!.id}`)
    }
  }
  const [row] = await o`select id, email, display_name from public.accounts where id = ${staff.id}`
  const poster: SessionInfo = {
    sessionId: randomUUID(), accountId: staff.id, aal: 'aal2', amr: [], email: row!.email, mfaDeadline: new Date(Date.now() + 86_400_000),
    account: { displayName: row!.display_name, kind: 'staff', isAdmin: true, locale: 'de' },
    claims: { role: 'authenticated', sub: staff.id, aal: 'aal2', email: row!.email },
  }
  return { cookies, chats, poster }
}

/** One round on a fresh server with the given hub: connect, subscribe, post, wait for every delivery. */
async function runRound(server: BenchServer, world: Awaited<ReturnType<typeof prepareWorld>>, variant: Round['variant'], total: number, inFlight: number): Promise<Round> {
  const db = server.runtime.db
  const hub = new RealtimeHub(db, messageSource, { checkAccess: variant === 'checked', limits: new ChatRateLimits(1_000_000, 0) })
  const holder = new Hono()
  const { injectWebSocket, upgradeWebSocket } = createNodeWebSocket({ app: holder })
  holder.route('/', createRealtimeApp(upgradeWebSocket, () => hub) as unknown as Hono)
  const http: ServerType = serve({ fetch: holder.fetch, port: 0, hostname: '127.0.0.1' })
  injectWebSocket(http)
  await new Promise((r) => http.once('listening', r))
  const base = `127.0.0.1:${(http.address() as AddressInfo).port}`
  const started = new Map<string, number>()
  const pendingByMessage = new Map<string, { left: number; done: () => void }>()
  const latencies: number[] = []
  const sockets: WebSocket[] = []
  try {
    await Promise.all(world.cookies.map((entry) => new Promise<void>((resolve, reject) => {
      const [cookie, itemId] = entry.split('|') as [string, string]
      const ws = new WebSocket(`ws://${base}/functions/v1/realtime`, { headers: { origin: `http://${base}`, cookie } })
      sockets.push(ws)
      ws.on('error', reject)
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data))
        if (frame.type === 'hello') ws.send(JSON.stringify({ type: 'subscribe', itemId, after: null, seen: [] }))
        else if (frame.type === 'subscribed') resolve()
        else if (frame.type === 'message' && !frame.catchUp) {
          const t0 = started.get(frame.message.clientRef)
          if (t0 === undefined) return
          latencies.push(performance.now() - t0)
          const waiting = pendingByMessage.get(frame.message.clientRef)
          if (waiting && --waiting.left === 0) waiting.done()
        }
      })
    })))
    const meta = { ip: '127.0.0.1', requestId: 'bench', origin: 'http://127.0.0.1' }
    const t0 = performance.now()
    let next = 0
    const worker = async () => {
      while (next < total) {
        const i = next++
        const itemId = world.chats[i % world.chats.length]!
        const ref = randomUUID()
        const delivered = new Promise<void>((done) => pendingByMessage.set(ref, { left: MEMBERS, done }))
        started.set(ref, performance.now())
        await messageSource.post(db, world.poster, itemId, { body: `Nachricht ${i} für die Mandantschaft`, attachmentIds: [], clientRef: ref }, meta)
        await delivered
      }
    }
    await Promise.all(Array.from({ length: inFlight }, worker))
    const seconds = (performance.now() - t0) / 1000
    const sorted = latencies.sort((a, b) => a - b)
    return {
      variant, messages: total, deliveries: latencies.length, seconds,
      p50: percentile(sorted, 50), p99: percentile(sorted, 99), mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
    }
  } finally {
    for (const ws of sockets) ws.close()
    await hub.stop()
    await new Promise((r) => http.close(r))
  }
}

export default defineSuite<Fixture>({
  name: 'chat-fanout',
  description: '500 WebSocket subscribers across 50 conversations: fan-out latency and messages per second, with and without the per-event access check',
  prepareSeconds: 900,
  async prepare(server) {
    const world = await prepareWorld(server)
    const rounds = Math.max(1, Math.floor(numberFromEnv('BENCH_ROUNDS', 2)))
    const total = Math.floor(numberFromEnv('BENCH_CHAT_MESSAGES', 300))
    const inFlight = Math.floor(numberFromEnv('BENCH_CHAT_IN_FLIGHT', 8))
    // Warm-up through both variants (connections, plans, JIT), not counted.
    await runRound(server, world, 'checked', 50, inFlight)
    await runRound(server, world, 'unchecked', 50, inFlight)
    const measured: Round[] = []
    for (let r = 0; r < rounds; r++) {
      const order: Round['variant'][] = r % 2 === 0 ? ['checked', 'unchecked'] : ['unchecked', 'checked']
      for (const variant of order) measured.push(await runRound(server, world, variant, total, inFlight))
    }
    return { rounds: measured, subscribers: world.cookies.length, conversations: world.chats.length }
  },
  scenarios: () => [],
  ratios: [],
  report(fixture) {
    const sum = (variant: Round['variant']) => {
      const rs = fixture.rounds.filter((r) => r.variant === variant)
      const seconds = rs.reduce((a, r) => a + r.seconds, 0)
      const avg = (f: (r: Round) => number) => rs.reduce((a, r) => a + f(r), 0) / rs.length
      return {
        messagesPerSecond: rs.reduce((a, r) => a + r.messages, 0) / seconds,
        deliveriesPerSecond: rs.reduce((a, r) => a + r.deliveries, 0) / seconds,
        p50: avg((r) => r.p50), p99: avg((r) => r.p99), mean: avg((r) => r.mean),
      }
    }
    const checked = sum('checked')
    const unchecked = sum('unchecked')
    const fmt = (n: number) => n.toFixed(1)
    return {
      lines: [
        `chat fan-out: ${fixture.subscribers} subscribers, ${fixture.conversations} conversations, ${fixture.rounds.length / 2} round(s) per variant`,
        `  checked   (product): ${fmt(checked.messagesPerSecond)} msg/s, ${fmt(checked.deliveriesPerSecond)} deliveries/s, latency p50 ${fmt(checked.p50)} ms, p99 ${fmt(checked.p99)} ms`,
        `  unchecked (bench):   ${fmt(unchecked.messagesPerSecond)} msg/s, ${fmt(unchecked.deliveriesPerSecond)} deliveries/s, latency p50 ${fmt(unchecked.p50)} ms, p99 ${fmt(unchecked.p99)} ms`,
        `  ratio checked/unchecked: throughput ${(checked.messagesPerSecond / unchecked.messagesPerSecond).toFixed(2)}, p50 ${(checked.p50 / unchecked.p50).toFixed(2)}, p99 ${(checked.p99 / unchecked.p99).toFixed(2)}`,
      ],
      data: { checked, unchecked, rounds: fixture.rounds },
    }
  },
})
