import type { ServerType } from '@hono/node-server'
import { Hono } from 'hono'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGateway, hubFor } from '../../../functions/_server/gateway.ts'
import { createDb, type Db } from '../../../functions/_shared/db.ts'
import { app as callsApp } from '../../../functions/calls/app.ts'
import { app as messagesApp } from '../../../functions/messages/app.ts'
import { createRealtimeApp } from '../../../functions/realtime/app.ts'
import { RealtimeHub } from '../../../functions/realtime/hub.ts'
import { ChatRateLimits } from '../../../functions/realtime/rate-limit.ts'
import { messageSource } from '../../../functions/messages/service/message-source.ts'
import { buildAccessFixture, type AccessFixture, type Person } from '../../helpers/access-fixture.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { listenOnLoopback, type UpgradeWebSocket } from '../../helpers/loopback-server.ts'
import { call } from '../../helpers/http.ts'
import { createPersona, signInAs, type Persona } from '../../helpers/personas.ts'
import { WsClient } from './ws-client.ts'

/**
 * Realtime delivery over real sockets, two server instances on one database (LISTEN/NOTIFY):
 * live chat both ways, the per-event access check (another client's user, an outside participant
 * of another project, a revoked delegate, a revoked session), catch-up after a reconnect exactly
 * once, typing, call invitations and the per-person rate limits.
 */
const JITSI = { JITSI_URL: 'https://meet.kanzlei.example', JITSI_APP_ID: 'kanzleiportal', JITSI_APP_SECRET: 'ein-langes-geheimnis-nur-fuer-prosody-0123456789' }
let ctx: TestContext
let f: AccessFixture
let adviserB: Persona // outside participant of client B's project only
let adviserBCookie: string
let servers: ServerType[] = []
let one: string // instance 1 (the full gateway)
let two: string // instance 2 (its own pool and hub, small rate limits)
let db2: Db
let hub2: RealtimeHub
let chat: string // client A's chat: the owner and the firm
let wide: string // client A's chat for the whole client (the delegate reads it)
const open: WsClient[] = []

async function listen(app: (upgrade: UpgradeWebSocket) => Hono<any>): Promise<string> {
  const { server, host } = await listenOnLoopback(app)
  servers.push(server)
  return host
}

beforeAll(async () => {
  ctx = await createTestContext(JITSI)
  f = await buildAccessFixture(ctx)
  adviserB = await createPersona(ctx, 'adviser_b', { kind: 'external' })
  await ctx.owner`insert into public.project_participants (project_id, client_id, account_id, kind, invited_by) values (${f.projects.b}, ${f.clients.b}, ${adviserB.id}, 'outside', ${f.people.lawyer.id})`
  adviserBCookie = await signInAs(ctx, adviserB)
  const conversation = async (audience: string, by: string) => {
    const [row] = await ctx.owner`insert into public.items (kind, client_id, audience, title, created_by) values ('message_thread', ${f.clients.a}, ${audience}, 'Chat', ${by}) returning id`
    await ctx.owner`insert into public.conversations (item_id, client_id, kind) values (${row!.id}, ${f.clients.a}, 'chat')`
    return row!.id as string
  }
  chat = await conversation('people', f.people.client_a_owner.id)
  wide = await conversation('client', f.people.clerk_a.id)
  one = await listen((upgrade) => createGateway(upgrade))
  db2 = createDb(ctx.appUrl, { max: 3 })
  hub2 = new RealtimeHub(db2, messageSource, { limits: new ChatRateLimits(3, 60_000) })
  two = await listen((upgrade) => createRealtimeApp(upgrade, () => hub2) as unknown as Hono<any>)
})
afterAll(async () => {
  for (const c of open) c.close()
  await hub2.stop()
  await hubFor(ctx.db).stop()
  for (const s of servers) await new Promise((r) => s.close(r))
  await db2.end()
  await ctx.close()
})

const connect = async (who: Person | 'adviser_b', base = one) => {
  const client = await WsClient.open(base, who === 'adviser_b' ? adviserBCookie : f.cookies[who])
  open.push(client)
  return client
}
const post = (who: Person, itemId: string, body: string) =>
  call(messagesApp, 'POST', `/functions/v1/messages/${itemId}/messages`, { cookie: f.cookies[who], body: { body } })
const bodies = (c: WsClient, itemId: string) => c.frames.filter((x) => x.type === 'message' && x.itemId === itemId).map((x) => x.message.body)

describe('live chat over the socket', () => {
  it('exchanges messages both ways in real time, across two server instances', async () => {
    const owner = await connect('client_a_owner')
    const clerk = await connect('clerk_a', two)
    expect(await owner.subscribe(chat)).toMatchObject({ type: 'subscribed' })
    expect(await clerk.subscribe(chat)).toMatchObject({ type: 'subscribed' })
    const ref = randomUUID()
    owner.send({ type: 'send', itemId: chat, ref, body: 'Guten Tag, kurze Frage zur Gründung.' })
    const ack = await owner.next((x) => x.type === 'ack' && x.ref === ref)
    const got = await clerk.next((x) => x.type === 'message' && x.message.id === ack.id)
    expect(got.message).toMatchObject({ body: 'Guten Tag, kurze Frage zur Gründung.', authorId: f.people.client_a_owner.id, authorIsStaff: false })
    // The firm answers through the API (instance 1's service); the owner's socket gets it live.
    const answer = await post('clerk_a', chat, 'Gern – worum geht es?')
    expect(answer.status).toBe(201)
    expect((await owner.next((x) => x.type === 'message' && x.message.id === answer.json.id)).message.authorIsStaff).toBe(true)
    expect(bodies(owner, chat)).toEqual(['Guten Tag, kurze Frage zur Gründung.', 'Gern – worum geht es?'])
    // Sending the same ref again (a browser retrying after a reconnect) posts nothing new.
    owner.send({ type: 'send', itemId: chat, ref, body: 'Guten Tag, kurze Frage zur Gründung.' })
    expect((await owner.next((x) => x.type === 'ack' && x.ref === ref && x !== ack)).id).toBe(ack.id)
    await clerk.roundTrip()
    expect(clerk.messageIds(chat).filter((id) => id === ack.id)).toHaveLength(1)
  })

  it('shows typing to the other side only, at most one event per two seconds', async () => {
    const owner = await connect('client_a_owner')
    const clerk = await connect('clerk_a', two)
    await owner.subscribe(chat)
    await clerk.subscribe(chat)
    owner.send({ type: 'typing', itemId: chat })
    owner.send({ type: 'typing', itemId: chat })
    expect(await clerk.next((x) => x.type === 'typing')).toEqual({ type: 'typing', itemId: chat, side: 'client' })
    await owner.roundTrip()
    clerk.send({ type: 'typing', itemId: chat })
    await owner.next((x) => x.type === 'typing')
    await clerk.roundTrip()
    expect(clerk.frames.filter((x) => x.type === 'typing')).toHaveLength(1)
    expect(owner.frames.filter((x) => x.type === 'typing')).toEqual([{ type: 'typing', itemId: chat, side: 'firm' }])
  })
})

describe('who receives nothing', () => {
  it('a user of another client, an outside participant of another project: no subscription, no event, no message (socket and API)', async () => {
    const owner = await connect('client_a_owner')
    await owner.subscribe(chat)
    const others = [await connect('client_b_owner'), await connect('adviser_b'), await connect('tax_adviser', two), await connect('client_a_member')]
    for (const o of others) expect(await o.subscribe(chat)).toEqual({ type: 'error', code: 'not_found', itemId: chat })
    // Forged: typing and sending into a conversation they cannot see.
    others[0]!.send({ type: 'typing', itemId: chat })
    others[0]!.send({ type: 'send', itemId: chat, ref: randomUUID(), body: 'Hallo?' })
    expect(await others[0]!.next((x) => x.type === 'error' && x.ref)).toMatchObject({ code: 'not_found' })
    const sent = await post('clerk_a', chat, 'Nur für Frau Owner')
    await owner.next((x) => x.type === 'message' && x.message.id === sent.json.id)
    const started = await call(callsApp, 'POST', '/functions/v1/calls', { cookie: f.cookies.clerk_a, body: { itemId: chat, media: 'video' } })
    expect(started.status).toBe(201)
    expect(await owner.next((x) => x.type === 'call' && x.callId === started.json.id)).toMatchObject({ itemId: chat, by: f.people.clerk_a.id })
    for (const o of others) {
      await o.roundTrip()
      expect(o.frames.map((x) => x.type).filter((t) => !['hello', 'error', 'pong'].includes(t))).toEqual([])
      expect(JSON.stringify(o.frames)).not.toContain('Nur für Frau Owner')
    }
    expect(owner.frames.filter((x) => x.type === 'typing')).toEqual([])
    for (const who of ['client_b_owner', 'tax_adviser', 'client_a_member'] as const) {
      const res = await call(messagesApp, 'GET', `/functions/v1/messages/${chat}/messages`, { cookie: f.cookies[who] })
      expect(res.status).toBe(404)
    }
    expect((await call(messagesApp, 'GET', `/functions/v1/messages/${chat}/messages`, { cookie: adviserBCookie })).status).toBe(404)
  })

  it('a revoked delegate stops receiving at once (socket and API); a revoked session as well, and its socket is closed', async () => {
    const delegate = await connect('client_a_delegate')
    const viewer = await connect('client_a_viewer', two)
    expect(await delegate.subscribe(wide)).toMatchObject({ type: 'subscribed' })
    await viewer.subscribe(wide)
    const first = await post('clerk_a', wide, 'Bitte die Unterlagen bis Freitag.')
    await delegate.next((x) => x.type === 'message' && x.message.id === first.json.id)
    await ctx.owner`update public.client_members set revoked_at = now() where id = ${f.memberships.client_a_delegate}`
    const second = await post('clerk_a', wide, 'Nach dem Widerruf')
    await viewer.next((x) => x.type === 'message' && x.message.id === second.json.id)
    await delegate.roundTrip()
    expect(bodies(delegate, wide)).toEqual(['Bitte die Unterlagen bis Freitag.'])
    expect((await call(messagesApp, 'GET', `/functions/v1/messages/${wide}/messages`, { cookie: f.cookies.client_a_delegate })).status).toBe(404)
    expect(await delegate.subscribe(wide)).toMatchObject({ type: 'error', code: 'not_found' })
    await ctx.owner`update public.client_members set revoked_at = null where id = ${f.memberships.client_a_delegate}`

    // The viewer's session is revoked: the next event does not reach it; the sweep closes the socket.
    const viewerSession = await ctx.owner`select id from public.sessions where account_id = ${f.people.client_a_viewer.id}`
    await ctx.owner`update public.sessions set revoked_at = now() where account_id = ${f.people.client_a_viewer.id}`
    const watcher = await connect('clerk_a', two)
    await watcher.subscribe(wide)
    const third = await post('clerk_a', wide, 'Nach dem Abmelden')
    await watcher.next((x) => x.type === 'message' && x.message.id === third.json.id)
    await viewer.roundTrip()
    expect(bodies(viewer, wide)).not.toContain('Nach dem Abmelden')
    await hub2.sweep()
    await new Promise<void>((resolve) => (viewer.closed ? resolve() : viewer.ws.once('close', () => resolve())))
    expect(viewer.closed?.code).toBe(4401)
    expect(viewerSession.length).toBeGreaterThan(0)
    f.cookies.client_a_viewer = await signInAs(ctx, f.people.client_a_viewer)
  })
})

describe('reconnecting', () => {
  it('catches up from the database: everything missed, exactly once, then live again', async () => {
    const owner = await connect('client_a_owner')
    await owner.subscribe(chat)
    const before = await post('clerk_a', chat, 'Vor der Unterbrechung')
    await owner.next((x) => x.type === 'message' && x.message.id === before.json.id)
    const held = owner.messageIds(chat)
    owner.close()
    const missed = []
    for (const text of ['Während 1', 'Während 2', 'Während 3']) missed.push((await post('clerk_a', chat, text)).json.id)
    const again = await connect('client_a_owner', two)
    expect(await again.subscribe(chat, held.at(-1)!, held.slice(-20))).toMatchObject({ type: 'subscribed' })
    expect(again.messageIds(chat)).toEqual(missed)
    expect(again.frames.filter((x) => x.type === 'message').every((x) => x.catchUp === true)).toBe(true)
    const after = await post('clerk_a', chat, 'Wieder verbunden')
    await again.next((x) => x.type === 'message' && x.message.id === after.json.id)
    await again.roundTrip()
    expect(again.messageIds(chat)).toEqual([...missed, after.json.id])
    // Without a cursor the whole history comes, once each.
    const fresh = await connect('client_a_owner')
    await fresh.subscribe(chat)
    const all = fresh.messageIds(chat)
    expect(new Set(all).size).toBe(all.length)
    expect(all.slice(-4)).toEqual([...missed, after.json.id])
  })
})

describe('rate limits per person', () => {
  it('refuses messages beyond the limit per minute with rate_limited (instance two: 3 a minute)', async () => {
    const clerk = await connect('clerk_a', two)
    await clerk.subscribe(wide)
    const refs = [randomUUID(), randomUUID(), randomUUID(), randomUUID()]
    for (const ref of refs) clerk.send({ type: 'send', itemId: wide, ref, body: `Nachricht ${ref}` })
    const answers = await Promise.all(refs.map((ref) => clerk.next((x) => x.ref === ref && (x.type === 'ack' || x.type === 'error'))))
    expect(answers.map((a) => a.type)).toEqual(['ack', 'ack', 'ack', 'error'])
    expect(answers[3]).toMatchObject({ code: 'rate_limited' })
    const stored = await ctx.owner`select count(*)::int as n from public.messages where client_ref = ${refs[3]}::uuid`
    expect(stored[0]!.n).toBe(0)
  })

  it('refuses malformed frames without effect', async () => {
    const owner = await connect('client_a_owner')
    owner.send({ type: 'send', itemId: chat, ref: 'not-a-uuid', body: 'x' })
    owner.send({ type: 'subscribe', itemId: chat, __proto__: { admin: true }, extra: 1 })
    owner.ws.send('{not json')
    await owner.roundTrip()
    expect(owner.frames.filter((x) => x.type === 'error').map((x) => x.code)).toEqual(['bad_request', 'bad_request', 'bad_request'])
  })
})
