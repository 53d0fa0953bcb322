import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app as documentsApp } from '../../../functions/documents/app.ts'
import { app } from '../../../functions/messages/app.ts'
import { buildAccessFixture, type AccessFixture, type Person } from '../../helpers/access-fixture.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { ORIGIN } from '../../helpers/http.ts'

let ctx: TestContext
let f: AccessFixture
let categories: { id: string; nameDe: string }[]

beforeAll(async () => {
  ctx = await createTestContext()
  f = await buildAccessFixture(ctx)
  // The fixture's document items get their document rows (no file needed to be referenced).
  await ctx.owner`insert into public.documents (item_id, client_id) values (${f.items.a_client_doc}, ${f.clients.a}), (${f.items.a_internal}, ${f.clients.a})`
  categories = (await call('client_a_member', 'GET', '/categories')).json.categories
})
afterAll(() => ctx.close())

async function call(as: Person, method: string, path: string, body?: unknown, raw?: BodyInit, to: { request: typeof app.request } = app) {
  const res = await to.request(`${ORIGIN}/functions/v1/${to === app ? 'messages' : 'documents'}${path}`, {
    method,
    headers: { origin: ORIGIN, cookie: f.cookies[as], 'content-type': raw ? 'application/octet-stream' : 'application/json' },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  })
  const text = await res.text()
  return { status: res.status, json: text ? JSON.parse(text) : undefined }
}
/** A file for a message: the documents API creates the document and links it (POST /functions/v1/documents/message-attachments/:id). */
const attach = (as: Person, messageId: string, filename: string, raw: BodyInit) =>
  call(as, 'POST', `/message-attachments/${messageId}?filename=${encodeURIComponent(filename)}`, undefined, raw, documentsApp)
const category = (name: string) => categories.find((c) => c.nameDe === name)!.id
const start = (as: Person, extra: Record<string, unknown> = {}) =>
  call(as, 'POST', '', { clientId: f.clients.a, subject: 'Frage zur Gründung', categoryId: category('Frage'), body: 'Wann ist der Notartermin?', ...extra })
const counts = async () => (await ctx.owner`select (select count(*)::int from public.items where kind = 'message_thread') as items,
  (select count(*)::int from public.messages) as messages, (select count(*)::int from public.message_attachments) as attachments,
  (select count(*)::int from private.outbox) as mails`)[0]
const ids = (list: { items: { id: string }[] }) => list.items.map((c) => c.id)

describe('starting a request', () => {
  it('by default only the author and the firm read it; the firm is told by mail', async () => {
    const before = await counts()
    const res = await start('client_a_member')
    expect(res.status).toBe(201)
    const id = res.json.id as string
    for (const [who, status] of [['client_a_member', 200], ['clerk_a', 200], ['lawyer', 200], ['client_a_owner', 404], ['client_b_owner', 404], ['tax_adviser', 404], ['outsider', 404]] as const)
      expect([who, (await call(who, 'GET', `/${id}`)).status]).toEqual([who, status])
    const thread = (await call('client_a_member', 'GET', `/${id}`)).json
    expect(thread).toMatchObject({ subject: 'Frage zur Gründung', status: 'new', categoryDe: 'Frage', audience: 'people', mayWrite: true, mayHandle: false, unread: 0 })
    expect(thread.messages.map((m: { body: string }) => m.body)).toEqual(['Wann ist der Notartermin?'])
    // The assigned clerk is told (not the admin, not the author); the mail carries no content.
    const mails = await ctx.owner`select to_address, params from private.outbox where template = 'new-message' and params->>'link' like ${`%${id}`}`
    expect(mails.map((m) => m.to_address)).toEqual([f.people.clerk_a.email])
    expect(JSON.stringify(mails)).not.toMatch(/Notartermin|Gründung/)
    expect((await counts())!.items).toBe(before!.items + 1)
    const [entry] = await ctx.owner`select action, actor_id, client_id from public.audit_log where object_id = ${id} and action = 'conversation.created'`
    expect(entry).toMatchObject({ actor_id: f.people.client_a_member.id, client_id: f.clients.a })
  })

  it.each([
    ['a missing subject', { subject: undefined }, 400, 'validation_failed'],
    ['an empty text', { body: '   ' }, 400, 'validation_failed'],
    ['too long a text', { body: 'x'.repeat(20_001) }, 400, 'validation_failed'],
    ['an unknown field', { priority: 'high' }, 400, 'validation_failed'],
    ['an unknown category', { categoryId: crypto.randomUUID() }, 400, 'unknown_category'],
    ['a project audience without a project', { audience: 'project' }, 400, 'validation_failed'],
    ['a recipient of another client', { recipients: ['B_OWNER'] }, 400, 'invalid_recipient'],
    ['an attachment the author cannot see', { attachmentIds: ['INTERNAL'] }, 400, 'attachment_not_found'],
    ['a client the author does not belong to', { clientId: 'CLIENT_B' }, 404, 'not_found'],
  ])('refuses %s with a stable code and changes nothing', async (_name, extra, status, code) => {
    const resolved = Object.fromEntries(Object.entries(extra).map(([k, v]) => [k,
      v === 'CLIENT_B' ? f.clients.b : Array.isArray(v) ? v.map((x) => (x === 'B_OWNER' ? f.people.client_b_owner.id : x === 'INTERNAL' ? f.items.a_internal : x)) : v]))
    const before = await counts()
    const res = await start('client_a_member', resolved)
    expect([res.status, res.json.code]).toEqual([status, code])
    expect(await counts()).toEqual(before)
  })

  it('refuses people without messages.write (a viewer, a narrowed delegate) and a prototype-polluting body', async () => {
    const before = await counts()
    for (const who of ['client_a_viewer', 'client_a_delegate'] as const) expect((await start(who)).json.code).toBe('messages_write_forbidden')
    const polluted = await app.request(`${ORIGIN}/functions/v1/messages`, {
      method: 'POST',
      headers: { origin: ORIGIN, cookie: f.cookies.client_a_member, 'content-type': 'application/json' },
      body: `{"clientId":"${f.clients.a}","subject":"x","categoryId":"${category('Frage')}","body":"x","__proto__":{"admin":true}}`,
    })
    expect(polluted.status).toBe(400)
    const foreignOrigin = await app.request(`${ORIGIN}/functions/v1/messages`, { method: 'POST', headers: { origin: 'https://evil.example', cookie: f.cookies.client_a_member, 'content-type': 'application/json' }, body: '{}' })
    expect(foreignOrigin.status).toBe(403)
    expect(await counts()).toEqual(before)
  })

  it('an outside participant writes to the firm within their project, seen by nobody else of the client', async () => {
    const res = await start('tax_adviser', { projectId: f.projects.a })
    expect(res.status).toBe(201)
    expect((await call('clerk_a', 'GET', `/${res.json.id}`)).status).toBe(200)
    expect((await call('client_a_owner', 'GET', `/${res.json.id}`)).status).toBe(404)
    expect((await start('tax_adviser', { projectId: f.projects.a, audience: 'project' })).json.code).toBe('messages_write_forbidden')
    expect((await start('tax_adviser')).status).toBe(404)
  })
})

describe('a thread', () => {
  it('replies, status, waiting since, read marks on both sides, edits with history and tombstones', async () => {
    const id = (await start('client_a_member', { audience: 'client' })).json.id as string
    let inbox = await call('clerk_a', 'GET', `?clientId=${f.clients.a}`)
    const row = () => inbox.json.items.find((c: { id: string }) => c.id === id)
    expect(row()).toMatchObject({ status: 'new', unread: 1, authorName: 'client_a_member' })
    expect(row().waitingSince).toMatch(/^\d{4}-/)

    const reply = await call('clerk_a', 'POST', `/${id}/messages`, { body: 'Der Termin ist am Montag.' })
    expect(reply.status).toBe(201)
    expect((await call('clerk_a', 'PATCH', `/${id}`, { status: 'waiting_for_client', assigneeId: f.people.clerk_a.id })).status).toBe(200)
    inbox = await call('clerk_a', 'GET', `?clientId=${f.clients.a}`)
    expect(row()).toMatchObject({ status: 'waiting_for_client', waitingSince: null, assigneeName: 'clerk_a', unread: 0 })

    // The client sees the answer as unread and the new status; marking it read is seen by staff.
    let mine = await call('client_a_member', 'GET', '?')
    expect(mine.json.items.find((c: { id: string }) => c.id === id)).toMatchObject({ status: 'waiting_for_client', unread: 1 })
    expect((await call('client_a_owner', 'GET', '?')).json.items.find((c: { id: string }) => c.id === id)).toMatchObject({ unread: 2 })
    expect((await call('client_a_member', 'POST', `/${id}/read`, {})).status).toBe(200)
    mine = await call('client_a_member', 'GET', '?unread=true')
    expect(ids(mine.json)).not.toContain(id)
    const reads = (await call('clerk_a', 'GET', `/${id}`)).json.reads.map((r: { displayName: string }) => r.displayName).sort()
    expect(reads).toEqual(['clerk_a', 'client_a_member'])
    expect((await call('client_a_member', 'GET', `/${id}`)).json.reads.map((r: { displayName: string }) => r.displayName)).toEqual(['client_a_member'])

    // Clients cannot change status or assignee; an assignee must be staff of the client.
    expect((await call('client_a_owner', 'PATCH', `/${id}`, { status: 'done' })).json.code).toBe('forbidden')
    expect((await call('clerk_a', 'PATCH', `/${id}`, { assigneeId: f.people.client_a_owner.id })).json.code).toBe('invalid_assignee')
    expect((await call('clerk_a', 'PATCH', `/${id}`, { status: 'archived' })).json.code).toBe('validation_failed')
    expect((await call('clerk_a', 'PATCH', `/${id}`, {})).json.code).toBe('validation_failed')

    // A client's reply reopens the request and starts waiting again.
    const answer = await call('client_a_member', 'POST', `/${id}/messages`, { body: 'Montag passt, danke.' })
    let thread = (await call('clerk_a', 'GET', `/${id}`)).json
    expect(thread).toMatchObject({ status: 'in_progress' })
    expect(thread.waitingSince).toMatch(/^\d{4}-/)

    // Edit keeps the history, readable by the audience; delete leaves a tombstone.
    expect((await call('client_a_owner', 'PATCH', `/messages/${answer.json.id}`, { body: 'fremd' })).status).toBe(404)
    expect((await call('client_a_member', 'PATCH', `/messages/${answer.json.id}`, { body: 'Montag 10 Uhr passt.' })).status).toBe(200)
    const history = (await call('client_a_owner', 'GET', `/messages/${answer.json.id}/revisions`)).json
    expect(history.revisions.map((r: { body: string }) => r.body)).toEqual(['Montag passt, danke.'])
    expect(history.current.body).toBe('Montag 10 Uhr passt.')
    expect((await call('client_a_member', 'POST', `/messages/${answer.json.id}/delete`, {})).status).toBe(200)
    thread = (await call('client_a_owner', 'GET', `/${id}`)).json
    expect(thread.messages.at(-1)).toMatchObject({ body: null, revisions: 0 })
    expect((await call('clerk_a', 'GET', `/${id}`)).json.messages.at(-1)).toMatchObject({ body: null, revisions: 2 })
    expect(thread.messages.at(-1).deletedAt).toMatch(/^\d{4}-/)
    expect((await call('client_a_owner', 'GET', `/messages/${answer.json.id}/revisions`)).status).toBe(404)
    expect((await call('clerk_a', 'GET', `/messages/${answer.json.id}/revisions`)).json.revisions).toHaveLength(2)
    expect((await call('client_a_member', 'PATCH', `/messages/${answer.json.id}`, { body: 'wieder da' })).status).toBe(404)

    // Catch-up after a message: only what came later.
    const first = thread.messages[0].id
    const after = (await call('client_a_owner', 'GET', `/${id}/messages?after=${first}`)).json.messages
    expect(after.map((m: { id: string }) => m.id)).toEqual(thread.messages.slice(1).map((m: { id: string }) => m.id))
    expect((await call('client_a_owner', 'GET', `/${id}/messages?after=nope`)).json.code).toBe('validation_failed')

    const actions = (await ctx.owner`select action from public.audit_log where object_id = ${id} order by id`).map((r) => r.action)
    expect(actions).toEqual(['conversation.created', 'conversation.status_changed', 'conversation.assigned'])
  })

  it('a resend with the same clientRef posts once', async () => {
    const id = (await start('client_a_member')).json.id as string
    const clientRef = crypto.randomUUID()
    const a = await call('client_a_member', 'POST', `/${id}/messages`, { body: 'Einmal', clientRef })
    const b = await call('client_a_member', 'POST', `/${id}/messages`, { body: 'Einmal', clientRef })
    expect([a.status, b.status, b.json.id]).toEqual([201, 200, a.json.id])
    expect((await call('client_a_member', 'GET', `/${id}`)).json.messages).toHaveLength(2)
  })

  it('revoked and expired members, another client and outsiders neither read nor write', async () => {
    const id = (await start('client_a_owner', { audience: 'client' })).json.id as string
    expect((await call('client_a_member', 'GET', `/${id}`)).status).toBe(200)
    await ctx.owner`update public.client_members set revoked_at = now() where id = ${f.memberships.client_a_member!}`
    try {
      expect((await call('client_a_member', 'GET', `/${id}`)).status).toBe(404)
      expect((await call('client_a_member', 'POST', `/${id}/messages`, { body: 'noch da?' })).status).toBe(404)
      expect(ids((await call('client_a_member', 'GET', '?')).json)).not.toContain(id)
    } finally {
      await ctx.owner`update public.client_members set revoked_at = null where id = ${f.memberships.client_a_member!}`
    }
    await ctx.owner`update public.client_members set expires_at = now() - interval '1 second' where id = ${f.memberships.client_a_delegate!}`
    try {
      expect((await call('client_a_delegate', 'GET', `/${id}`)).status).toBe(404)
    } finally {
      await ctx.owner`update public.client_members set expires_at = now() + interval '30 days' where id = ${f.memberships.client_a_delegate!}`
    }
    // The delegate reads (whole client) but may not write (no messages.write).
    expect((await call('client_a_delegate', 'GET', `/${id}`)).json.mayWrite).toBe(false)
    expect((await call('client_a_delegate', 'POST', `/${id}/messages`, { body: 'x' })).json.code).toBe('messages_write_forbidden')
    for (const who of ['client_b_owner', 'tax_adviser', 'outsider'] as const) {
      expect((await call(who, 'GET', `/${id}`)).status).toBe(404)
      expect((await call(who, 'POST', `/${id}/messages`, { body: 'x' })).status).toBe(404)
      expect((await call(who, 'POST', `/${id}/read`, {})).status).toBe(404)
      expect(ids((await call(who, 'GET', '?')).json)).not.toContain(id)
    }
  })
})

describe('attachments', () => {
  const pdf = () => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(600)])

  it('an upload becomes a document with the thread’s audience; a referenced document must be visible to the author', async () => {
    const res = await start('client_a_member', { attachmentIds: [f.items.a_client_doc] })
    expect(res.status).toBe(201)
    const id = res.json.id as string
    const upload = await attach('client_a_member', res.json.messageId, 'Vollmacht.pdf', pdf())
    expect([upload.status, upload.json.code]).toEqual([201, undefined])
    for (const who of ['client_a_member', 'clerk_a'] as const) {
      const attachments = (await call(who, 'GET', `/${id}`)).json.messages[0].attachments
      expect(attachments.map((a: { title: string; filename: string | null }) => [a.title, a.filename])).toEqual([['Gesellschaftsvertrag', null], ['Vollmacht.pdf', 'Vollmacht.pdf']])
    }
    // The uploaded document has the thread's audience: the owner (not in it) does not see it.
    const [doc] = await ctx.owner`select i.audience, array(select account_id from public.item_recipients r where r.item_id = i.id) as recipients
                                  from public.items i where i.id = ${upload.json.id}`
    expect(doc).toEqual({ audience: 'people', recipients: [f.people.client_a_member.id] })
    // Someone else's message, a wrong file type: refused, nothing stored.
    const before = await counts()
    expect((await attach('clerk_a', res.json.messageId, 'x.pdf', pdf())).status).toBe(404)
    expect((await attach('client_a_member', res.json.messageId, 'x.exe', Buffer.from('MZ\x90\x00'))).status).toBe(415)
    expect(await counts()).toEqual(before)
    // A reply may reference only documents its author sees.
    expect((await call('client_a_member', 'POST', `/${id}/messages`, { body: 'Anbei', attachmentIds: [f.items.a_internal] })).json.code).toBe('attachment_not_found')
    expect((await call('clerk_a', 'POST', `/${id}/messages`, { body: 'Anbei', attachmentIds: [f.items.a_internal] })).status).toBe(201)
    expect(await counts()).toMatchObject({ items: before!.items, attachments: before!.attachments + 1 })
  })
})
