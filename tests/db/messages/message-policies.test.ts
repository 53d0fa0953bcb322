import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildAccessFixture, type AccessFixture, type Person } from '../../helpers/access-fixture.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'

/**
 * The messages policies in SQL, acting as named people: who reads a conversation, who writes into
 * it, who handles it, and what the realtime trigger announces. Bodies here are placeholder bytes;
 * the encryption is the service's (tests/functions/messages).
 */
let ctx: TestContext
let f: AccessFixture
const bytes = (s: string) => Buffer.from(s)

beforeAll(async () => {
  ctx = await createTestContext()
  f = await buildAccessFixture(ctx)
})
afterAll(() => ctx.close())

const as = <T>(who: Person, fn: (tx: postgres.TransactionSql) => Promise<T>) => ctx.db.asUser(f.people[who].claims, fn as never) as Promise<T>

/** Opens a request as a person, in SQL, the way the service does; returns the item id. */
async function openRequest(who: Person, options: { audience?: string; client?: string; project?: string | null; recipients?: Person[] } = {}) {
  const id = crypto.randomUUID()
  const client = options.client ?? f.clients.a
  await as(who, async (tx) => {
    await tx`insert into public.items (id, kind, client_id, project_id, audience, title, created_by)
             values (${id}, 'message_thread', ${client}, ${options.project ?? null}, ${options.audience ?? 'people'}, 'Frage zur Gründung', ${f.people[who].id})`
    for (const r of options.recipients ?? [who]) await tx`insert into public.item_recipients (item_id, account_id) values (${id}, ${f.people[r].id})`
    await tx`insert into public.conversations (item_id, client_id) values (${id}, ${client})`
    await tx`insert into public.messages (item_id, client_id, author_id, body_ciphertext, body_key) values (${id}, ${client}, ${f.people[who].id}, ${bytes('x')}, ${bytes('k')})`
  })
  return id
}
const sees = async (who: Person, itemId: string) =>
  (await as(who, (tx) => tx`select count(*)::int as n from public.messages where item_id = ${itemId}`))[0]!.n > 0
const post = (who: Person, itemId: string, client = f.clients.a) =>
  as(who, (tx) => tx`insert into public.messages (item_id, client_id, author_id, body_ciphertext, body_key)
                     values (${itemId}, ${client}, ${f.people[who].id}, ${bytes('y')}, ${bytes('k')}) returning id`)

describe('who reads a request', () => {
  it('by default only the author and the firm: not the client’s owner, not another client, not the adviser', async () => {
    const id = await openRequest('client_a_member')
    const readers = await Promise.all((['client_a_member', 'clerk_a', 'lawyer', 'client_a_owner', 'client_a_manager', 'client_b_owner', 'tax_adviser', 'outsider'] as const).map((p) => sees(p, id)))
    expect(readers).toEqual([true, true, true, false, false, false, false, false])
  })

  it('a whole-client request is read by every active member, a revoked or expired one reads nothing', async () => {
    const id = await openRequest('client_a_owner', { audience: 'client', recipients: [] })
    expect(await sees('client_a_viewer', id)).toBe(true)
    expect(await sees('client_a_delegate', id)).toBe(true)
    await ctx.owner`update public.client_members set expires_at = now() - interval '1 minute' where id = ${f.memberships.client_a_delegate!}`
    expect(await sees('client_a_delegate', id)).toBe(false)
    await expect(post('client_a_delegate', id)).rejects.toMatchObject({ code: '42501' })
    await ctx.owner`update public.client_members set expires_at = now() + interval '30 days' where id = ${f.memberships.client_a_delegate!}`
    await ctx.owner`update public.client_members set revoked_at = now() where id = ${f.memberships.client_a_viewer!}`
    expect(await sees('client_a_viewer', id)).toBe(false)
    expect(await as('client_a_viewer', (tx) => tx`select item_id from public.conversations where item_id = ${id}`)).toEqual([])
    await ctx.owner`update public.client_members set revoked_at = null where id = ${f.memberships.client_a_viewer!}`
  })

  it('an outside participant reads only what is addressed to them, never another project’s requests', async () => {
    const forAdviser = await openRequest('clerk_a', { project: f.projects.a, recipients: ['tax_adviser'] })
    const projectWide = await openRequest('clerk_a', { audience: 'project', project: f.projects.a, recipients: [] })
    const otherProject = await openRequest('lawyer', { client: f.clients.b, project: f.projects.b, recipients: ['client_b_owner'] })
    expect([await sees('tax_adviser', forAdviser), await sees('tax_adviser', projectWide), await sees('tax_adviser', otherProject)]).toEqual([true, false, false])
    // …and writes where it reads, not elsewhere
    expect(await post('tax_adviser', forAdviser)).toHaveLength(1)
    await expect(post('tax_adviser', otherProject, f.clients.b)).rejects.toMatchObject({ code: '42501' })
    expect(await sees('client_a_member', projectWide)).toBe(true)
  })
})

describe('who writes', () => {
  it('client members need messages.write: a viewer and a narrowed delegate may neither open nor answer', async () => {
    await expect(openRequest('client_a_viewer')).rejects.toMatchObject({ code: '42501' })
    await expect(openRequest('client_a_delegate')).rejects.toMatchObject({ code: '42501' })
    const id = await openRequest('client_a_owner', { audience: 'client', recipients: [] })
    await expect(post('client_a_viewer', id)).rejects.toMatchObject({ code: '42501' })
    await expect(post('client_a_delegate', id)).rejects.toMatchObject({ code: '42501' })
    expect(await post('client_a_member', id)).toHaveLength(1)
    expect(await post('clerk_a', id)).toHaveLength(1)
  })

  it('nobody posts in someone else’s name or into another client', async () => {
    const id = await openRequest('client_a_member')
    await expect(as('client_a_member', (tx) => tx`insert into public.messages (item_id, client_id, author_id, body_ciphertext, body_key)
      values (${id}, ${f.clients.a}, ${f.people.clerk_a.id}, ${bytes('z')}, ${bytes('k')})`)).rejects.toMatchObject({ code: '42501' })
    await expect(post('client_b_owner', id, f.clients.b)).rejects.toMatchObject({ code: '42501' })
    await expect(post('client_b_owner', id)).rejects.toMatchObject({ code: '42501' })
  })

  it('only the author edits or deletes a message, and keeps no invented history', async () => {
    const id = await openRequest('client_a_owner', { audience: 'client', recipients: [] })
    const [m] = await post('client_a_member', id)
    const edit = (who: Person) => as(who, (tx) => tx`update public.messages set body_ciphertext = ${bytes('neu')}, edited_at = now() where id = ${m!.id} returning id`)
    expect(await edit('client_a_owner')).toEqual([])
    expect(await edit('clerk_a')).toEqual([])
    await expect(as('client_a_owner', (tx) => tx`insert into public.message_revisions (message_id, body_ciphertext, body_key) values (${m!.id}, ${bytes('y')}, ${bytes('k')})`))
      .rejects.toMatchObject({ code: '42501' })
    await expect(as('client_a_member', (tx) => tx`insert into public.message_revisions (message_id, body_ciphertext, body_key) values (${m!.id}, ${bytes('erfunden')}, ${bytes('k')})`))
      .rejects.toMatchObject({ code: '42501' })
    expect(await as('client_a_member', (tx) => tx`insert into public.message_revisions (message_id, body_ciphertext, body_key) values (${m!.id}, ${bytes('y')}, ${bytes('k')}) returning id`)).toHaveLength(1)
    expect(await edit('client_a_member')).toHaveLength(1)
    // A tombstone has no body; the table refuses a deleted message that keeps one.
    await expect(as('client_a_member', (tx) => tx`update public.messages set deleted_at = now() where id = ${m!.id}`)).rejects.toMatchObject({ code: '23514' })
    await as('client_a_member', (tx) => tx`update public.messages set deleted_at = now(), body_ciphertext = null, body_key = null, search_tokens = '{}' where id = ${m!.id}`)
    // The former text of a deleted message stays with the firm.
    expect(await as('client_a_owner', (tx) => tx`select id from public.message_revisions where message_id = ${m!.id}`)).toEqual([])
    expect(await as('clerk_a', (tx) => tx`select id from public.message_revisions where message_id = ${m!.id}`)).toHaveLength(1)
  })
})

describe('handling by the firm', () => {
  it('staff of the client set status and assignee; clients and other staff cannot; the assignee is the client’s staff', async () => {
    const id = await openRequest('client_a_member')
    const setStatus = (who: Person) => as(who, (tx) => tx`update public.conversations set status = 'in_progress' where item_id = ${id} returning item_id`)
    expect(await setStatus('client_a_member')).toEqual([])
    expect(await setStatus('clerk_a')).toHaveLength(1)
    await expect(as('clerk_a', (tx) => tx`update public.conversations set assignee_id = ${f.people.client_a_owner.id} where item_id = ${id}`)).rejects.toMatchObject({ code: '42501' })
    expect(await as('clerk_a', (tx) => tx`update public.conversations set assignee_id = ${f.people.lawyer.id} where item_id = ${id} returning item_id`)).toHaveLength(1)
    // A client cannot open a conversation with a status or an assignee of its choosing.
    const other = crypto.randomUUID()
    await expect(as('client_a_member', async (tx) => {
      await tx`insert into public.items (id, kind, client_id, audience, title, created_by) values (${other}, 'message_thread', ${f.clients.a}, 'people', 'x', ${f.people.client_a_member.id})`
      await tx`insert into public.conversations (item_id, client_id) values (${other}, ${f.clients.a})`
      await tx`update public.conversations set status = 'done' where item_id = ${other}`
      return tx`select status from public.conversations where item_id = ${other}`
    })).resolves.toEqual([{ status: 'new' }])
  })

  it('a client’s reply starts waiting and reopens a request waiting for the client; the firm’s answer ends the waiting', async () => {
    const id = await openRequest('client_a_member')
    const state = async () => (await ctx.owner`select status, waiting_since is not null as waiting from public.conversations where item_id = ${id}`)[0]
    expect(await state()).toEqual({ status: 'new', waiting: true })
    await post('clerk_a', id)
    await as('clerk_a', (tx) => tx`update public.conversations set status = 'waiting_for_client' where item_id = ${id}`)
    expect(await state()).toEqual({ status: 'waiting_for_client', waiting: false })
    await post('client_a_member', id)
    expect(await state()).toEqual({ status: 'in_progress', waiting: true })
  })
})

describe('read marks and preferences', () => {
  it('people mark what they see as read and see their own marks; staff see everyone’s', async () => {
    const id = await openRequest('client_a_member')
    const mark = (who: Person) => as(who, (tx) => tx`insert into public.conversation_reads (item_id, account_id, client_id) values (${id}, ${f.people[who].id}, ${f.clients.a}) returning item_id`)
    expect(await mark('client_a_member')).toHaveLength(1)
    await expect(mark('client_a_owner')).rejects.toMatchObject({ code: '42501' })
    await expect(as('client_a_member', (tx) => tx`insert into public.conversation_reads (item_id, account_id, client_id) values (${id}, ${f.people.clerk_a.id}, ${f.clients.a})`)).rejects.toMatchObject({ code: '42501' })
    expect(await mark('clerk_a')).toHaveLength(1)
    expect(await as('client_a_member', (tx) => tx`select account_id from public.conversation_reads where item_id = ${id}`)).toEqual([{ account_id: f.people.client_a_member.id }])
    expect(await as('clerk_a', (tx) => tx`select account_id from public.conversation_reads where item_id = ${id}`)).toHaveLength(2)
  })

  it('notification preferences are each person’s own', async () => {
    const [cat] = await ctx.owner`select id from public.message_categories order by position limit 1`
    await as('client_a_member', (tx) => tx`insert into public.message_notification_preferences (account_id, category_id, mail) values (${f.people.client_a_member.id}, ${cat!.id}, false)`)
    await expect(as('client_a_owner', (tx) => tx`insert into public.message_notification_preferences (account_id, category_id, mail) values (${f.people.client_a_member.id}, ${cat!.id}, true)`)).rejects.toMatchObject({ code: '42501' })
    expect(await as('client_a_owner', (tx) => tx`select * from public.message_notification_preferences`)).toEqual([])
  })
})

describe('realtime events', () => {
  it('announce ids only, on the portal_events channel', async () => {
    const listener = postgres(ctx.appUrl, { max: 1, onnotice: () => {} })
    const events: any[] = []
    await listener.listen('portal_events', (payload) => events.push(JSON.parse(payload)))
    const id = await openRequest('client_a_member')
    await as('clerk_a', (tx) => tx`update public.conversations set status = 'done' where item_id = ${id}`)
    for (let i = 0; i < 100 && events.filter((e) => e.item_id === id).length < 3; i++) await new Promise((r) => setTimeout(r, 20))
    await listener.end()
    const mine = events.filter((e) => e.item_id === id)
    expect(mine.map((e) => e.type)).toEqual(['conversation', 'message', 'conversation'])
    for (const e of mine) expect(Object.keys(e).sort()).toEqual(['client_id', 'id', 'item_id', 'type'])
  })
})

describe('notice mails', () => {
  it('are queued only by the author, in the transaction that wrote the message, for readers other than the author', async () => {
    const id = crypto.randomUUID()
    const queued = await as('client_a_member', async (tx) => {
      await tx`insert into public.items (id, kind, client_id, audience, title, created_by) values (${id}, 'message_thread', ${f.clients.a}, 'people', 'x', ${f.people.client_a_member.id})`
      await tx`insert into public.item_recipients (item_id, account_id) values (${id}, ${f.people.client_a_member.id})`
      await tx`insert into public.conversations (item_id, client_id) values (${id}, ${f.clients.a})`
      const [m] = await tx`insert into public.messages (item_id, client_id, author_id, body_ciphertext, body_key) values (${id}, ${f.clients.a}, ${f.people.client_a_member.id}, ${bytes('x')}, ${bytes('k')}) returning id`
      const [row] = await tx`select private.notify_new_message(${m!.id}, ${`/nachrichten/${id}`}) as told`
      return { told: row!.told as number, message: m!.id as string }
    })
    expect(queued.told).toBe(1) // the client's assigned clerk
    // Later, or by anyone else, the message cannot be announced (again).
    await expect(as('client_a_member', (tx) => tx`select private.notify_new_message(${queued.message}, 'x')`)).rejects.toMatchObject({ code: '42501' })
    await expect(as('clerk_a', (tx) => tx`select private.notify_new_message(${queued.message}, 'x')`)).rejects.toMatchObject({ code: '42501' })
  })
})
