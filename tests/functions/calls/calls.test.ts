import { jwtVerify, decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../../functions/calls/app.ts'
import { ConfigError, loadConfig } from '../../../functions/_shared/config.ts'
import { buildAccessFixture, type AccessFixture, type Person } from '../../helpers/access-fixture.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { call } from '../../helpers/http.ts'

/** Calls over the API: who starts and joins, the room JWT as Jitsi checks it, CSP, no public fallback. */
const JITSI = { JITSI_URL: 'https://meet.kanzlei.example', JITSI_APP_ID: 'kanzleiportal', JITSI_APP_SECRET: 'ein-langes-geheimnis-nur-fuer-prosody-0123456789' }
const secret = new TextEncoder().encode(JITSI.JITSI_APP_SECRET)
let ctx: TestContext
let f: AccessFixture
let chatA: string
let adviserThread: string
let appointmentB: string
beforeAll(async () => {
  ctx = await createTestContext(JITSI)
  f = await buildAccessFixture(ctx)
  const item = async (kind: string, client: string, project: string | null, audience: string, by: string, recipients: string[] = []) => {
    const [row] = await ctx.owner`insert into public.items (kind, client_id, project_id, audience, title, created_by)
                                  values (${kind}, ${client}, ${project}, ${audience}, 'Rückfrage', ${by}) returning id`
    for (const r of recipients) await ctx.owner`insert into public.item_recipients (item_id, account_id) values (${row!.id}, ${r})`
    return row!.id as string
  }
  chatA = await item('message_thread', f.clients.a, null, 'people', f.people.client_a_owner.id)
  adviserThread = await item('message_thread', f.clients.a, f.projects.a, 'people', f.people.clerk_a.id, [f.people.tax_adviser.id])
  appointmentB = await item('appointment', f.clients.b, null, 'client', f.people.lawyer.id)
})
afterAll(() => ctx.close())

const as = (who: Person, method: string, path: string, body?: unknown) => call(app, method, `/functions/v1/calls${path}`, { cookie: f.cookies[who], body })
const start = (who: Person, itemId: string, media: 'audio' | 'video' = 'video') => as(who, 'POST', '', { itemId, media })
const callCount = async () => Number((await ctx.owner`select count(*)::int as n from public.call_rooms`)[0]!.n)

describe('starting a call', () => {
  it.each([
    { who: 'client_a_owner', item: 'chatA', status: 201 },
    { who: 'clerk_a', item: 'chatA', status: 201 },
    { who: 'tax_adviser', item: 'adviserThread', status: 201 },
    { who: 'lawyer', item: 'appointmentB', status: 201 },
    { who: 'client_b_owner', item: 'appointmentB', status: 201 },
    // a user of another client, an outside participant on something not addressed to them, no client
    { who: 'client_b_owner', item: 'chatA', status: 404 },
    { who: 'tax_adviser', item: 'chatA', status: 404 },
    { who: 'outsider', item: 'chatA', status: 404 },
    { who: 'client_a_member', item: 'chatA', status: 404 }, // a 'people' chat of someone else
    { who: 'clerk_a', item: 'appointmentB', status: 404 },
  ] as const)('$who in $item → $status', async ({ who, item, status }) => {
    const items = { chatA, adviserThread, appointmentB }
    const before = await callCount()
    const res = await start(who, items[item])
    expect(res.status).toBe(status)
    expect(await callCount()).toBe(before + (status === 201 ? 1 : 0))
    if (status === 404) expect(res.json.code).toBe('not_found')
  })

  it('refuses bad input without a change', async () => {
    const before = await callCount()
    expect((await as('clerk_a', 'POST', '', { itemId: chatA, media: 'hologram' })).status).toBe(400)
    expect((await as('clerk_a', 'POST', '', { itemId: chatA, media: 'video', room: 'mein-raum' })).status).toBe(400)
    expect((await as('clerk_a', 'POST', '', { itemId: 'nope', media: 'video' })).status).toBe(400)
    expect(await callCount()).toBe(before)
  })

  it('uses unguessable room names and invites the offline other side by mail, without the subject', async () => {
    await ctx.owner`delete from private.outbox`
    const res = await start('clerk_a', adviserThread, 'audio')
    expect(res.status).toBe(201)
    const [row] = await ctx.owner`select room_name, media from public.call_rooms where id = ${res.json.id}`
    expect(row!.room_name).toMatch(/^kanzlei-[0-9a-f]{32}$/)
    expect(row!.media).toBe('audio')
    expect(JSON.stringify(res.json)).not.toContain(row!.room_name) // the room only comes with a join
    const mails = await ctx.owner`select template, to_address, params from private.outbox`
    expect(mails).toEqual([{ template: 'call-invitation', to_address: f.people.tax_adviser.email, params: { name: 'tax_adviser', link: `http://localhost/anruf/${res.json.id}` } }])
    const [audit] = await ctx.owner`select action, actor_id from public.audit_log where object_id = ${res.json.id}`
    expect(audit).toEqual({ action: 'call.started', actor_id: f.people.clerk_a.id })
  })
})

describe('joining: the room JWT', () => {
  it('is signed for the firm’s Jitsi, this room only, short-lived; staff are moderators, clients not', async () => {
    const started = await start('client_a_owner', chatA)
    const [row] = await ctx.owner`select room_name from public.call_rooms where id = ${started.json.id}`
    for (const [who, moderator] of [['clerk_a', true], ['client_a_owner', false], ['lawyer', true]] as const) {
      const res = await as(who, 'GET', `/${started.json.id}/join`)
      expect(res.status).toBe(200)
      expect(res.json).toMatchObject({ room: row!.room_name, moderator, jitsi: { origin: JITSI.JITSI_URL, domain: 'meet.kanzlei.example', scriptUrl: `${JITSI.JITSI_URL}/external_api.js` } })
      const { payload, protectedHeader } = await jwtVerify(res.json.jwt, secret, { issuer: 'kanzleiportal', audience: 'kanzleiportal', subject: 'meet.kanzlei.example' })
      expect(protectedHeader.alg).toBe('HS256')
      expect(payload.room).toBe(row!.room_name)
      expect(payload.exp! - payload.iat!).toBe(600)
      expect(payload.context).toMatchObject({ user: { id: f.people[who].id, name: who, moderator: moderator ? 'true' : 'false', affiliation: moderator ? 'owner' : 'member' } })
      expect(new Date(res.json.expiresAt).getTime()).toBe(payload.exp! * 1000)
    }
    // Another secret does not verify; after ten minutes the token is dead.
    const { json } = await as('client_a_owner', 'GET', `/${started.json.id}/join`)
    await expect(jwtVerify(json.jwt, new TextEncoder().encode('x'.repeat(48)))).rejects.toThrow()
    const { exp } = decodeJwt(json.jwt)
    await expect(jwtVerify(json.jwt, secret, { currentDate: new Date((exp! + 1) * 1000) })).rejects.toMatchObject({ code: 'ERR_JWT_EXPIRED' })
  })

  it('is refused to people who do not see the item, and after the call ended', async () => {
    const started = await start('clerk_a', chatA)
    for (const who of ['client_b_owner', 'tax_adviser', 'outsider', 'client_a_member'] as const) {
      const res = await as(who, 'GET', `/${started.json.id}/join`)
      expect(res.status).toBe(404)
      expect(res.text).not.toContain('jwt')
    }
    // The revoked delegate: sees client-wide items only while the delegation runs.
    const wide = (await ctx.owner`insert into public.items (kind, client_id, audience, title, created_by) values ('message_thread', ${f.clients.a}, 'client', 'Alle', ${f.people.clerk_a.id}) returning id`)[0]!.id
    const wideCall = await start('clerk_a', wide)
    expect((await as('client_a_delegate', 'GET', `/${wideCall.json.id}/join`)).status).toBe(200)
    await ctx.owner`update public.client_members set revoked_at = now() where id = ${f.memberships.client_a_delegate}`
    expect((await as('client_a_delegate', 'GET', `/${wideCall.json.id}/join`)).status).toBe(404)
    await ctx.owner`update public.client_members set revoked_at = null where id = ${f.memberships.client_a_delegate}`
    expect((await as('client_a_owner', 'POST', `/${started.json.id}/end`, {})).status).toBe(404) // not the starter, not staff
    expect((await as('clerk_a', 'POST', `/${started.json.id}/end`, {})).status).toBe(200)
    expect((await as('clerk_a', 'GET', `/${started.json.id}/join`)).json.code).toBe('call_ended')
    expect((await as('client_a_owner', 'GET', `?itemId=${chatA}`)).json.map((c: { id: string }) => c.id)).not.toContain(started.json.id)
  })
})

describe('configuration', () => {
  it('permits exactly the Jitsi origin in frame-src and script-src', async () => {
    const res = await as('clerk_a', 'GET', '/settings')
    expect(res.json).toEqual({ enabled: true, origin: JITSI.JITSI_URL })
    const csp = res.headers.get('content-security-policy')!
    expect(csp).toContain(`frame-src ${JITSI.JITSI_URL};`)
    expect(csp).toContain(`script-src 'self' ${JITSI.JITSI_URL};`)
    expect(csp.match(/https:\/\/[^ ;]+/g)).toEqual([JITSI.JITSI_URL, JITSI.JITSI_URL])
  })

  it('without JITSI_URL: no call, no fallback, the settings say so', async () => {
    const config = ctx.runtime.config
    ctx.runtime.config = { ...config, JITSI_URL: undefined, JITSI_APP_ID: undefined, JITSI_APP_SECRET: undefined }
    try {
      expect((await as('clerk_a', 'GET', '/settings')).json).toEqual({ enabled: false, origin: null })
      const before = await callCount()
      const res = await start('clerk_a', chatA)
      expect(res.status).toBe(503)
      expect(res.json.code).toBe('calls_not_configured')
      expect(await callCount()).toBe(before)
      expect(res.headers.get('content-security-policy')).toContain("frame-src 'none'")
    } finally {
      ctx.runtime.config = config
    }
  })

  it.each([
    [{ JITSI_URL: 'http://meet.example', JITSI_APP_ID: 'a', JITSI_APP_SECRET: 'x'.repeat(32) }, 'JITSI_URL'],
    [{ JITSI_URL: 'https://meet.example' }, 'JITSI_APP_ID'],
    [{ JITSI_URL: 'https://meet.example', JITSI_APP_ID: 'a' }, 'JITSI_APP_SECRET'],
    [{ JITSI_URL: 'https://meet.example', JITSI_APP_ID: 'a', JITSI_APP_SECRET: 'short' }, 'JITSI_APP_SECRET'],
    [{ JITSI_APP_ID: 'a', JITSI_APP_SECRET: 'x'.repeat(32) }, 'JITSI_URL'],
    [{ JITSI_URL: 'https://meet.example', JITSI_APP_ID: 'a b', JITSI_APP_SECRET: 'x'.repeat(32) }, 'JITSI_APP_ID'],
  ])('refuses %o naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError)
    try {
      loadConfig(env)
    } catch (err) {
      expect((err as ConfigError).variable).toBe(variable)
    }
  })

  it('accepts https, and plain http only on loopback (a local stand-in)', () => {
    expect(loadConfig(JITSI).JITSI_URL).toBe(JITSI.JITSI_URL)
    expect(loadConfig({ ...JITSI, JITSI_URL: 'http://127.0.0.1:8443' }).JITSI_URL).toBe('http://127.0.0.1:8443')
  })
})
