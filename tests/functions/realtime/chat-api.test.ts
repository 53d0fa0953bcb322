import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app as chatApp } from '../../../functions/chat/app.ts'
import { app as messagesApp } from '../../../functions/messages/app.ts'
import { buildAccessFixture, type AccessFixture, type Person } from '../../helpers/access-fixture.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { call } from '../../helpers/http.ts'

/** The chat API as named people: reachability, office hours, start, queue, take over, convert, read marks. */
let ctx: TestContext
let f: AccessFixture
beforeAll(async () => {
  ctx = await createTestContext()
  f = await buildAccessFixture(ctx)
})
afterAll(() => ctx.close())

const as = (who: Person, method: string, path: string, body?: unknown) => call(chatApp, method, `/functions/v1/chat${path}`, { cookie: f.cookies[who], body })
const messages = (who: Person, method: string, path: string, body?: unknown) => call(messagesApp, method, `/functions/v1/messages${path}`, { cookie: f.cookies[who], body })
const ALL_WEEK = { spans: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opensAt: '00:00', closesAt: '23:59' })) }

describe('office hours and reachability', () => {
  it('are set by admins only; bad or overlapping spans change nothing', async () => {
    const before = (await as('client_a_owner', 'GET', '/office-hours')).json.spans
    expect(before).toHaveLength(5)
    expect(before[0]).toEqual({ weekday: 1, opensAt: '09:00', closesAt: '17:00' })
    expect((await as('clerk_a', 'PUT', '/office-hours', ALL_WEEK)).status).toBe(403)
    expect((await as('client_a_owner', 'PUT', '/office-hours', ALL_WEEK)).status).toBe(403)
    expect((await as('lawyer', 'PUT', '/office-hours', { spans: [{ weekday: 1, opensAt: '09:00', closesAt: '12:00' }, { weekday: 1, opensAt: '11:00', closesAt: '13:00' }] })).json.code).toBe('overlapping_hours')
    expect((await as('lawyer', 'PUT', '/office-hours', { spans: [{ weekday: 8, opensAt: '09:00', closesAt: '12:00' }] })).status).toBe(400)
    expect((await as('lawyer', 'PUT', '/office-hours', { spans: [{ weekday: 1, opensAt: '12:00', closesAt: '09:00' }] })).status).toBe(400)
    expect((await as('client_a_owner', 'GET', '/office-hours')).json.spans).toEqual(before)
  })

  it('says the firm is reachable only within office hours and with staff connected', async () => {
    expect((await as('client_a_owner', 'GET', '/availability')).json).toMatchObject({ reachable: false, staffOnline: false })
    expect((await as('lawyer', 'PUT', '/office-hours', ALL_WEEK)).status).toBe(200)
    expect((await as('client_a_owner', 'GET', '/availability')).json).toMatchObject({ reachable: false, staffOnline: false, inOfficeHours: true })
    await ctx.owner`insert into public.chat_presence (account_id, last_seen_at) values (${f.people.clerk_a.id}, now())`
    expect((await as('client_a_owner', 'GET', '/availability')).json).toMatchObject({ reachable: true, staffOnline: true, inOfficeHours: true })
    await ctx.owner`update public.chat_presence set last_seen_at = now() - interval '5 minutes'`
    expect((await as('client_a_owner', 'GET', '/availability')).json.reachable).toBe(false)
  })
})

describe('a chat from start to request', () => {
  let chat: string
  it('is started by a client user who may write; others are refused and nothing is created', async () => {
    const count = async () => Number((await ctx.owner`select count(*)::int as n from public.conversations`)[0]!.n)
    const before = await count()
    expect((await messages('client_b_owner', 'POST', '/chats', { clientId: f.clients.a, body: 'Hallo' })).status).toBe(404)
    expect((await messages('client_a_viewer', 'POST', '/chats', { clientId: f.clients.a, body: 'Hallo' })).json.code).toBe('messages_write_forbidden')
    expect((await messages('client_a_delegate', 'POST', '/chats', { clientId: f.clients.a, body: 'Hallo' })).json.code).toBe('messages_write_forbidden')
    expect((await messages('client_a_owner', 'POST', '/chats', { clientId: f.clients.a, body: '   ' })).status).toBe(400)
    // Starting is the messages function's (a chat is a conversation); the chat function has no such route.
    expect((await as('client_a_owner', 'POST', '', { clientId: f.clients.a, body: 'Hallo' })).status).toBe(404)
    expect(await count()).toBe(before)
    const res = await messages('client_a_owner', 'POST', '/chats', { clientId: f.clients.a, body: 'Guten Morgen, ich habe eine Frage.' })
    expect(res.status).toBe(201)
    chat = res.json.id
    const [row] = await ctx.owner`select c.kind, c.assignee_id, i.audience, i.title from public.conversations c join public.items i on i.id = c.item_id where c.item_id = ${chat}`
    expect(row).toMatchObject({ kind: 'chat', assignee_id: null, audience: 'people' })
    expect(row!.title).toMatch(/^Chat vom /)
  })

  it('waits in the staff queue; one of the firm takes it over, a second one is told', async () => {
    const queue = await messages('clerk_a', 'GET', '?kind=chat&assignee=none&open=true')
    expect(queue.json.items.map((c: { id: string }) => c.id)).toContain(chat)
    expect((await messages('client_b_owner', 'GET', '?kind=chat')).json.items.map((c: { id: string }) => c.id)).not.toContain(chat)
    expect((await as('client_a_owner', 'POST', `/${chat}/take`, {})).status).toBe(403)
    expect((await as('client_b_owner', 'POST', `/${chat}/take`, {})).status).toBe(404)
    const taken = await as('clerk_a', 'POST', `/${chat}/take`, {})
    expect(taken.json).toEqual({ itemId: chat, assigneeId: f.people.clerk_a.id })
    expect((await as('lawyer', 'POST', `/${chat}/take`, {})).json.code).toBe('already_taken')
    expect((await messages('clerk_a', 'GET', '?kind=chat&assignee=none&open=true')).json.items.map((c: { id: string }) => c.id)).not.toContain(chat)
  })

  it('shows the other side’s read mark without names', async () => {
    expect((await as('client_a_owner', 'GET', `/${chat}/read-state`)).json).toEqual({ otherSideReadAt: null })
    expect((await messages('clerk_a', 'POST', `/${chat}/read`, {})).status).toBe(200)
    expect((await as('client_a_owner', 'GET', `/${chat}/read-state`)).json.otherSideReadAt).toEqual(expect.any(String))
    expect((await as('client_b_owner', 'GET', `/${chat}/read-state`)).status).toBe(404)
  })

  it('is turned into a request by the firm, keeping its messages', async () => {
    const [category] = await ctx.owner`select id from public.message_categories where name_de = 'Unterlagen'`
    const body = { subject: 'Frage zur Gründung', categoryId: category!.id }
    expect((await as('client_a_owner', 'POST', `/${chat}/convert`, body)).status).toBe(403)
    expect((await as('clerk_a', 'POST', `/${chat}/convert`, { ...body, categoryId: crypto.randomUUID() })).json.code).toBe('unknown_category')
    expect((await as('clerk_a', 'POST', `/${chat}/convert`, body)).json).toEqual({ itemId: chat, kind: 'request' })
    const thread = await messages('client_a_owner', 'GET', `/${chat}`)
    expect(thread.json).toMatchObject({ kind: 'request', subject: 'Frage zur Gründung' })
    expect(thread.json.messages.map((m: { body: string }) => m.body)).toEqual(['Guten Morgen, ich habe eine Frage.'])
    expect((await as('clerk_a', 'POST', `/${chat}/convert`, body)).status).toBe(404) // no longer a chat
  })
})
