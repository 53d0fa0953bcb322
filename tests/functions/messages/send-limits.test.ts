import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app as callsApp } from '../../../functions/calls/app.ts'
import { app } from '../../../functions/messages/app.ts'
import { sealMessageBody } from '../../../functions/_shared/message-crypto.ts'
import { buildAccessFixture, type AccessFixture, type Person } from '../../helpers/access-fixture.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { call as http, ORIGIN } from '../../helpers/http.ts'

/**
 * What sends mail has per-person limits kept in PostgreSQL: new requests and replies 30 a minute
 * (messages_rate_limited), calls 5 a minute (calls_rate_limited), both 429 with nothing written;
 * a conversation's notices are batched (one mail per conversation and person in ten minutes); and
 * notify_new_message refuses any link but the conversation's own page (public-origin.test.ts: the
 * host in the mail is the stored one, whatever the caller names).
 */
const JITSI = { JITSI_URL: 'https://meet.kanzlei.example', JITSI_APP_ID: 'kanzleiportal', JITSI_APP_SECRET: 'ein-langes-geheimnis-nur-fuer-prosody-0123456789' }
let ctx: TestContext
let f: AccessFixture
let categoryId: string

beforeAll(async () => {
  ctx = await createTestContext(JITSI)
  f = await buildAccessFixture(ctx)
  categoryId = (await call('client_a_member', 'GET', '/categories')).json.categories[0].id
})
afterAll(() => ctx.close())

const call = (as: Person, method: string, path: string, body?: unknown) => http(app, method, `/functions/v1/messages${path}`, { cookie: f.cookies[as], body })
const start = (as: Person) => call(as, 'POST', '', { clientId: f.clients.a, subject: 'Frage', categoryId, body: 'Wann ist der Termin?', audience: 'client' })
const counts = async () => (await ctx.owner`select (select count(*)::int from public.items where kind = 'message_thread') as items,
  (select count(*)::int from public.messages) as messages, (select count(*)::int from public.call_rooms) as calls, (select count(*)::int from private.outbox) as mails`)[0]!
/** Moves a budget's or a mail slot's window into the past (as if the time had passed). */
const age = (key: string, seconds: number) => ctx.owner`update private.sign_in_throttle set window_started_at = window_started_at - make_interval(secs => ${seconds}) where key = ${key}`

describe('messages: 30 a minute per person', () => {
  it('the 31st new request or reply in a minute answers 429 messages_rate_limited and writes nothing; the next minute works again', async () => {
    const first = await start('client_a_owner')
    expect(first.status).toBe(201)
    const thread = first.json.id as string
    for (let i = 0; i < 29; i++) expect((await call('client_a_owner', 'POST', `/${thread}/messages`, { body: `Nachtrag ${i}` })).status).toBe(201)
    const before = await counts()
    const reply = await call('client_a_owner', 'POST', `/${thread}/messages`, { body: 'Eine zu viel' })
    expect([reply.status, reply.json.code]).toEqual([429, 'messages_rate_limited'])
    const another = await start('client_a_owner')
    expect([another.status, another.json.code]).toEqual([429, 'messages_rate_limited'])
    expect(await counts()).toEqual(before)
    // Someone else is not affected.
    expect((await call('clerk_a', 'POST', `/${thread}/messages`, { body: 'Wir antworten gern.' })).status).toBe(201)
    await age(`send-message:${f.people.client_a_owner.id}`, 61)
    expect((await call('client_a_owner', 'POST', `/${thread}/messages`, { body: 'Jetzt wieder' })).status).toBe(201)
  })

  it('a refused write costs nothing from the budget', async () => {
    const key = `send-message:${f.people.client_a_member.id}`
    const bad = await call('client_a_member', 'POST', `/${f.items.a_client_doc}/messages`, { body: 'Hallo' })
    expect(bad.status).toBe(404)
    expect(await ctx.owner`select failures from private.sign_in_throttle where key = ${key}`).toEqual([])
  })
})

describe('calls: 5 a minute per person', () => {
  it('the 6th call in a minute answers 429 calls_rate_limited and starts nothing', async () => {
    const thread = (await start('client_a_member')).json.id as string
    const startCall = () => http(callsApp, 'POST', '/functions/v1/calls', { cookie: f.cookies.clerk_a, body: { itemId: thread, media: 'video' } })
    for (let i = 0; i < 5; i++) expect((await startCall()).status).toBe(201)
    const before = await counts()
    const sixth = await startCall()
    expect([sixth.status, sixth.json.code]).toEqual([429, 'calls_rate_limited'])
    expect(await counts()).toEqual(before)
  })
})

describe('notices about new messages', () => {
  it('at most one mail per conversation and person in ten minutes', async () => {
    const thread = (await start('client_a_member')).json.id as string
    const mailsTo = async (who: Person) => (await ctx.owner`select count(*)::int as n from private.outbox where template = 'new-message' and to_address = ${f.people[who].email} and params->>'link' like ${`%/nachrichten/${thread}`}`)[0]!.n
    for (const body of ['Erste Antwort', 'Zweite Antwort', 'Dritte Antwort']) expect((await call('clerk_a', 'POST', `/${thread}/messages`, { body })).status).toBe(201)
    expect(await mailsTo('client_a_member')).toBe(1)
    await age(`mail-new-message:${thread}:${f.people.client_a_member.id}`, 601)
    expect((await call('clerk_a', 'POST', `/${thread}/messages`, { body: 'Später' })).status).toBe(201)
    expect(await mailsTo('client_a_member')).toBe(2)
  })

  it('notify_new_message refuses a foreign link (direct SQL as the author)', async () => {
    const thread = (await start('client_a_member')).json.id as string
    const sealed = sealMessageBody(ctx.runtime.secrets.fileMasterKey, 'Direkt')
    const write = (link: string) => ctx.db.asUser(f.people.clerk_a.claims, async (tx) => {
      const [m] = await tx`insert into public.messages (item_id, client_id, author_id, body_ciphertext, body_key) values (${thread}, ${f.clients.a}, ${f.people.clerk_a.id}, ${sealed.ciphertext}, ${sealed.key}) returning id`
      return (await tx`select private.notify_new_message(${m!.id}, ${link}) as told`)[0]!.told as number
    })
    const before = await counts()
    for (const link of ['https://evil.example/phish', `https://evil.example/nachrichten/${thread}`, `https://user@evil.example/nachrichten/${thread}`, `/nachrichten/${f.items.a_client_doc}`, `javascript:alert(1)//${ORIGIN}/nachrichten/${thread}`])
      await expect(write(link), link).rejects.toMatchObject({ code: '22023' })
    expect(await counts()).toEqual(before)
    expect(await write(`/nachrichten/${thread}`)).toBeGreaterThanOrEqual(0)
  })

  it("invite_to_call: one invitation per call and person, and only with the call's own link", async () => {
    const thread = (await start('client_a_member')).json.id as string
    await ctx.owner`delete from private.sign_in_throttle where key = ${`send-call:${f.people.clerk_a.id}`}` // the limit test spent the clerk's budget
    const started = await http(callsApp, 'POST', '/functions/v1/calls', { cookie: f.cookies.clerk_a, body: { itemId: thread, media: 'audio' } })
    expect(started.status).toBe(201)
    const room = started.json.id as string
    const invitations = async () => (await ctx.owner`select count(*)::int as n from private.outbox where template = 'call-invitation' and params->>'link' = ${`${ORIGIN}/anruf/${room}`}`)[0]!.n
    const first = await invitations()
    expect(first).toBeGreaterThanOrEqual(1)
    const invite = (link: string) => ctx.db.asUser(f.people.clerk_a.claims, async (tx) => (await tx`select private.invite_to_call(${room}, ${link}) as n`)[0]!.n as number)
    expect(await invite(`/anruf/${room}`)).toBe(0)
    for (const link of ['https://evil.example/phish', `/anruf/${room}#x`, `/nachrichten/${thread}`, `https://evil.example/anruf/${room}`])
      await expect(invite(link), link).rejects.toMatchObject({ code: '22023' })
    expect(await invitations()).toBe(first)
  })
})
