import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Claims } from '../../../functions/_shared/db.ts'
import { buildAccessFixture, type AccessFixture, type Person } from '../../helpers/access-fixture.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'

/** The chat domain in SQL as named people: calls, office hours, presence and the realtime check. */
let ctx: TestContext
let f: AccessFixture
let threadA: string // a chat of client A (whole client)
let threadAdviser: string // a request in client A's project addressed to the tax adviser
let threadB: string // a chat of client B
let internalA: string
beforeAll(async () => {
  ctx = await createTestContext()
  f = await buildAccessFixture(ctx)
  const thread = async (client: string, project: string | null, audience: string, by: string, recipients: string[] = []) => {
    const [row] = await ctx.owner`insert into public.items (kind, client_id, project_id, audience, title, created_by)
                                  values ('message_thread', ${client}, ${project}, ${audience}, 'Chat', ${by}) returning id`
    for (const r of recipients) await ctx.owner`insert into public.item_recipients (item_id, account_id) values (${row!.id}, ${r})`
    return row!.id as string
  }
  threadA = await thread(f.clients.a, null, 'client', f.people.client_a_owner.id)
  threadAdviser = await thread(f.clients.a, f.projects.a, 'people', f.people.clerk_a.id, [f.people.tax_adviser.id])
  threadB = await thread(f.clients.b, null, 'client', f.people.client_b_owner.id)
  internalA = await thread(f.clients.a, null, 'internal', f.people.clerk_a.id)
})
afterAll(() => ctx.close())

const as = (who: Person): Claims => f.people[who].claims
const room = () => `kanzlei-${randomBytes(16).toString('hex')}`
async function startCall(who: Person, item: string): Promise<'ok' | 'denied'> {
  try {
    await ctx.db.asUser(as(who), (tx) => tx`insert into public.call_rooms (item_id, room_name, media, created_by) values (${item}, ${room()}, 'video', ${f.people[who].id})`)
    return 'ok'
  } catch (err) {
    expect((err as { code?: string }).code).toBe('42501')
    return 'denied'
  }
}

describe('call rooms', () => {
  it.each([
    ['client_a_owner', 'threadA', 'ok'],
    ['client_a_member', 'threadA', 'ok'],
    ['clerk_a', 'threadA', 'ok'],
    ['lawyer', 'threadB', 'ok'],
    ['tax_adviser', 'threadAdviser', 'ok'],
    ['client_a_viewer', 'threadA', 'denied'], // sees the chat, may not write in it
    ['client_a_delegate', 'threadA', 'denied'], // narrowed to documents.read
    ['client_b_owner', 'threadA', 'denied'],
    ['tax_adviser', 'threadA', 'denied'],
    ['outsider', 'threadA', 'denied'],
    ['client_a_owner', 'internalA', 'denied'],
    ['clerk_a', 'threadB', 'denied'],
  ] as const)('%s starting a call in %s: %s', async (who, item, expected) => {
    const items = { threadA, threadB, threadAdviser, internalA }
    expect(await startCall(who, items[item])).toBe(expected)
  })

  it('are seen by whoever sees the item, and nobody else', async () => {
    const [r] = await ctx.owner`insert into public.call_rooms (item_id, room_name, media, created_by) values (${threadAdviser}, ${room()}, 'audio', ${f.people.clerk_a.id}) returning id`
    const sees = async (who: Person) =>
      (await ctx.db.asUser(as(who), (tx) => tx`select id from public.call_rooms where id = ${r!.id}`)).length === 1
    expect(await sees('tax_adviser')).toBe(true)
    expect(await sees('clerk_a')).toBe(true)
    expect(await sees('client_a_member')).toBe(false) // named people only
    expect(await sees('client_b_owner')).toBe(false)
  })

  it('may be ended by the starter or the client’s staff, not by other viewers', async () => {
    const [r] = await ctx.owner`insert into public.call_rooms (item_id, room_name, media, created_by) values (${threadA}, ${room()}, 'video', ${f.people.client_a_owner.id}) returning id`
    const end = (who: Person) => ctx.db.asUser(as(who), (tx) => tx`update public.call_rooms set ended_at = now() where id = ${r!.id} returning id`)
    expect(await end('client_a_member')).toHaveLength(0)
    expect(await end('clerk_a')).toHaveLength(1)
  })

  it('invites by mail only the other side without a live connection', async () => {
    const [r] = await ctx.owner`insert into public.call_rooms (item_id, room_name, media, created_by) values (${threadAdviser}, ${room()}, 'video', ${f.people.clerk_a.id}) returning id`
    await ctx.owner`delete from private.outbox`
    // The caller names the call's path; the origin is the one the server stored (the migration's
    // loopback default here, as no server started on this database).
    const queued = await ctx.db.asUser(as('clerk_a'), async (tx) => (await tx`select private.invite_to_call(${r!.id}, ${`/anruf/${r!.id}`}) as n`)[0]!.n)
    expect(queued).toBe(1)
    const mails = await ctx.owner`select template, to_address, params from private.outbox`
    expect(mails).toEqual([{ template: 'call-invitation', to_address: f.people.tax_adviser.email, params: { name: 'tax_adviser', link: `http://localhost/anruf/${r!.id}` } }])
    // Asked again: no second invitation. A foreign link, or any origin at all: refused.
    expect(await ctx.db.asUser(as('clerk_a'), async (tx) => (await tx`select private.invite_to_call(${r!.id}, ${`/anruf/${r!.id}`}) as n`)[0]!.n)).toBe(0)
    await expect(ctx.db.asUser(as('clerk_a'), (tx) => tx`select private.invite_to_call(${r!.id}, 'https://evil.example/anruf')`)).rejects.toMatchObject({ code: '22023' })
    await expect(ctx.db.asUser(as('clerk_a'), (tx) => tx`select private.invite_to_call(${r!.id}, ${`https://evil.example/anruf/${r!.id}`})`)).rejects.toMatchObject({ code: '22023' })
    // Online (a fresh heartbeat): no mail. Someone else's call: refused.
    await ctx.owner`insert into public.chat_presence (account_id, last_seen_at) values (${f.people.tax_adviser.id}, now())`
    const [r2] = await ctx.owner`insert into public.call_rooms (item_id, room_name, media, created_by) values (${threadAdviser}, ${room()}, 'video', ${f.people.clerk_a.id}) returning id`
    expect(await ctx.db.asUser(as('clerk_a'), async (tx) => (await tx`select private.invite_to_call(${r2!.id}, ${`/anruf/${r2!.id}`}) as n`)[0]!.n)).toBe(0)
    await expect(ctx.db.asUser(as('tax_adviser'), (tx) => tx`select private.invite_to_call(${r!.id}, 'x')`)).rejects.toMatchObject({ code: '42501' })
  })
})

describe('office hours and presence', () => {
  it('are set by admins only and tell whether the firm is reachable (Europe/Berlin)', async () => {
    await expect(ctx.db.asUser(as('client_a_owner'), (tx) => tx`insert into public.chat_office_hours (weekday, opens_at, closes_at) values (6, '10:00', '12:00')`)).rejects.toMatchObject({ code: '42501' })
    await expect(ctx.db.asUser(as('clerk_a'), (tx) => tx`delete from public.chat_office_hours returning id`)).resolves.toHaveLength(0)
    await ctx.db.asUser(as('lawyer'), (tx) => tx`insert into public.chat_office_hours (weekday, opens_at, closes_at) values (6, '10:00', '12:00')`)
    const at = async (iso: string) =>
      (await ctx.db.asUser(as('client_a_owner'), (tx) => tx`select * from private.chat_availability(${new Date(iso)})`))[0]!
    // Saturday 10:30 in Berlin is 09:30 UTC in November (CET, UTC+1); 08:30 Berlin is outside.
    expect((await at('2026-11-28T09:30:00Z')).in_office_hours).toBe(true)
    expect((await at('2026-11-28T07:30:00Z')).in_office_hours).toBe(false)
    // Monday 16:59 Berlin inside, 17:00 outside; Sunday never.
    expect((await at('2026-11-30T15:59:00Z')).in_office_hours).toBe(true)
    expect((await at('2026-11-30T16:00:00Z')).in_office_hours).toBe(false)
    expect((await at('2026-11-29T10:00:00Z')).in_office_hours).toBe(false)
  })

  it('counts staff with a recent heartbeat; a client sees only their own presence row', async () => {
    const before = (await ctx.db.asUser(as('client_a_owner'), (tx) => tx`select * from private.chat_availability()`))[0]!.staff_online
    await ctx.db.asUser(as('clerk_a'), (tx) => tx`insert into public.chat_presence (account_id) values (${f.people.clerk_a.id}) on conflict (account_id) do update set last_seen_at = now()`)
    const after = (await ctx.db.asUser(as('client_a_owner'), (tx) => tx`select * from private.chat_availability()`))[0]!.staff_online
    expect(after).toBe(before + 1)
    expect(await ctx.db.asUser(as('client_a_owner'), (tx) => tx`select account_id from public.chat_presence where account_id = ${f.people.clerk_a.id}`)).toHaveLength(0)
    await expect(ctx.db.asUser(as('client_a_owner'), (tx) => tx`insert into public.chat_presence (account_id) values (${f.people.clerk_a.id})`)).rejects.toMatchObject({ code: '42501' })
  })
})

describe('the realtime check (private.realtime_readers)', () => {
  async function sessionOf(who: Person, options: { revoked?: boolean } = {}): Promise<string> {
    const [s] = await ctx.owner`insert into public.sessions (token_hash, account_id, aal, idle_expires_at, expires_at, revoked_at)
      values (${randomBytes(32)}, ${f.people[who].id}, 'aal2', now() + interval '30 minutes', now() + interval '12 hours', ${options.revoked ? new Date() : null}) returning id`
    return s!.id as string
  }
  const readers = (item: string, sessions: string[]) =>
    ctx.owner`select session_id from private.realtime_readers(${item}, ${sessions}::uuid[], now())`.then((rows) => rows.map((r) => r.session_id as string))

  it('answers exactly the live sessions of people who may read the item', async () => {
    const people = ['client_a_owner', 'client_a_viewer', 'client_a_delegate', 'clerk_a', 'lawyer', 'client_b_owner', 'tax_adviser', 'outsider'] as const
    const sessions = Object.fromEntries(await Promise.all(people.map(async (p) => [p, await sessionOf(p)] as const)))
    const revoked = await sessionOf('client_a_owner', { revoked: true })
    const got = await readers(threadA, [...Object.values(sessions), revoked])
    expect(got.sort()).toEqual(['client_a_owner', 'client_a_viewer', 'client_a_delegate', 'clerk_a', 'lawyer'].map((p) => sessions[p]).sort())
    expect(await readers(threadAdviser, Object.values(sessions))).toEqual(expect.arrayContaining([sessions.tax_adviser, sessions.clerk_a]))
    expect((await readers(threadAdviser, Object.values(sessions))).sort()).toEqual([sessions.tax_adviser, sessions.clerk_a, sessions.lawyer].sort())
  })

  it('drops a delegate once the delegation is revoked, and a disabled account', async () => {
    const delegate = await sessionOf('client_a_delegate')
    expect(await readers(threadA, [delegate])).toEqual([delegate])
    await ctx.owner`update public.client_members set revoked_at = now() where id = ${f.memberships.client_a_delegate}`
    expect(await readers(threadA, [delegate])).toEqual([])
    await ctx.owner`update public.client_members set revoked_at = null where id = ${f.memberships.client_a_delegate}`
  })

  it('is not callable by users', async () => {
    await expect(ctx.db.asUser(as('lawyer'), (tx) => tx`select * from private.realtime_readers(${threadA}, '{}'::uuid[], now())`)).rejects.toMatchObject({ code: '42501' })
  })
})
