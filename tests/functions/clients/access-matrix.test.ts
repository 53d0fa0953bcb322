import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../../functions/clients/app.ts'
import { buildAccessFixture, ITEMS, PEOPLE, type AccessFixture, type Person } from '../../helpers/access-fixture.ts'
import { ALLOWED, SEES_TEAM_A, VISIBLE_CLIENTS, VISIBLE_ITEMS, VISIBLE_PROJECTS } from '../../helpers/access-matrix.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { call } from '../../helpers/http.ts'

/** The access matrix again, this time through the HTTP API as each person's browser would ask. */
let ctx: TestContext
let f: AccessFixture
beforeAll(async () => {
  ctx = await createTestContext()
  await ctx.owner`insert into public.firm_settings (id, firm_name) values (1, 'Kanzlei Berger')`
  f = await buildAccessFixture(ctx)
})
afterAll(() => ctx.close())

const as = (person: Person, method: string, path: string, body?: unknown) => call(app, method, `/functions/v1/clients${path}`, { cookie: f.cookies[person], body })
const nameOf = (ids: Record<string, string>, id: string) => Object.entries(ids).find(([, v]) => v === id)?.[0] ?? id

/** A fresh client-A item for actions that consume it (delete). */
const freshItem = async () =>
  (await ctx.owner`insert into public.items (kind, client_id, audience, title, created_by) values ('document', ${f.clients.a}, 'client', 'Wegwerf', ${f.people.clerk_a.id}) returning id`)[0]!.id as string
let seq = 0

const ACTIONS: Record<string, ((p: Person) => Promise<number>) | undefined> = {
  'create info page': async (p) => (await as(p, 'POST', `/items/info-pages?clientId=${f.clients.a}`, { title: 'Hinweis', body: '*Text*', audience: 'client' })).status,
  'update item': async (p) => (await as(p, 'PATCH', `/items/${f.items.a_client_doc}`, { title: `Titel ${p}` })).status,
  'widen item audience': async (p) => {
    const res = await as(p, 'PATCH', `/items/${f.items.a_internal}`, { audience: 'client' })
    if (res.status === 200) await as(p, 'PATCH', `/items/${f.items.a_internal}`, { audience: 'internal' })
    return res.status
  },
  'delete item': async (p) => (await as(p, 'DELETE', `/items/${await freshItem()}`)).status,
  'invite member': async (p) =>
    (await as(p, 'POST', `/${f.clients.a}/members`, { email: `neu${++seq}@example.test`, displayName: 'Neue Person', role: 'member' })).status,
  'create project': async (p) => (await as(p, 'POST', `/projects?clientId=${f.clients.a}`, { name: 'Neues Mandat' })).status,
  'add outside participant': async (p) =>
    (await as(p, 'POST', `/projects/${f.projects.a}/participants`, { email: `notar${++seq}@example.test`, displayName: 'Notarin' })).status,
  // Creating documents and the like arrives with their own API (documents, messages, appointments);
  // their create rules are checked in SQL in tests/db/clients/access-matrix.test.ts.
}

describe('access matrix through the API', () => {
  it.each(PEOPLE.map((p) => [p]))('%s lists exactly their clients and projects', async (person) => {
    const clients = await as(person, 'GET', '')
    expect(clients.json.clients.map((c: { id: string }) => nameOf(f.clients, c.id)).sort()).toEqual(VISIBLE_CLIENTS[person])
    const projects = await as(person, 'GET', '/projects')
    expect(projects.json.projects.map((p: { id: string }) => nameOf(f.projects, p.id)).sort()).toEqual(VISIBLE_PROJECTS[person])
  })

  it.each(PEOPLE.map((p) => [p]))('%s lists exactly the items meant for them', async (person) => {
    const seen: string[] = []
    for (const client of ['a', 'b'] as const) {
      const res = await as(person, 'GET', `/items?clientId=${f.clients[client]}`)
      expect(res.status).toBe(VISIBLE_CLIENTS[person].includes(client) ? 200 : 404)
      if (res.status === 200) seen.push(...res.json.items.map((i: { id: string }) => nameOf(f.items, i.id)))
    }
    for (const project of ['a', 'b'] as const) {
      const res = await as(person, 'GET', `/items?projectId=${f.projects[project]}`)
      expect(res.status).toBe(VISIBLE_PROJECTS[person].includes(project) ? 200 : 404)
      if (res.status === 200) seen.push(...res.json.items.map((i: { id: string }) => nameOf(f.items, i.id)))
    }
    const expected = VISIBLE_ITEMS[person].filter((i) => i !== 'group_page')
    expect([...new Set(seen)].sort()).toEqual([...expected].sort())
  })

  it.each(PEOPLE.flatMap((p) => ITEMS.map((i) => [p, i] as const)))('%s reading %s', async (person, item) => {
    const res = await as(person, 'GET', `/items/${f.items[item]}`)
    expect(res.status).toBe(VISIBLE_ITEMS[person].includes(item) ? 200 : 404)
    if (res.status === 404) expect(res.json).toMatchObject({ code: 'not_found', message: 'Not found.' })
  })

  it.each(PEOPLE.map((p) => [p]))('%s sees client A’s team or gets 404', async (person) => {
    const res = await as(person, 'GET', `/${f.clients.a}/members`)
    if (SEES_TEAM_A.includes(person)) expect(res.json.members).toHaveLength(5)
    else expect(res.status).toBe(404)
  })

  it.each(Object.keys(ACTIONS).flatMap((action) => PEOPLE.map((p) => [action, p] as const)))('%s as %s', async (action, person) => {
    const status = await ACTIONS[action]!(person)
    if (ALLOWED[action]!.includes(person)) expect(status).toBeLessThan(300)
    else expect(status).toBe(404)
  })
})

describe('the audience chip and explicit widening', () => {
  it('an item says who can see it, by name', async () => {
    const res = await as('clerk_a', 'GET', `/items/${f.items.a_for_adviser}`)
    expect(res.json.audience).toEqual({ kind: 'people', projectName: 'GmbH-Gründung', groupName: null, recipients: [{ id: f.people.tax_adviser.id, displayName: 'tax_adviser' }] })
    const page = await as('client_a_viewer', 'GET', `/items/${f.items.group_page}`)
    expect(page.json).toMatchObject({ kind: 'info_page', body: '# Hinweise', audience: { kind: 'group', groupName: 'GmbH-Gründer' } })
  })

  it('widening an audience is an explicit, audited change', async () => {
    const before = await as('client_a_viewer', 'GET', `/items/${f.items.a_project_doc}`)
    expect(before.status).toBe(404)
    expect((await as('clerk_a', 'PATCH', `/items/${f.items.a_project_doc}`, { audience: 'client' })).status).toBe(200)
    expect((await as('client_a_viewer', 'GET', `/items/${f.items.a_project_doc}`)).status).toBe(200)
    const [entry] = await ctx.owner`select actor_id, detail from public.audit_log where action = 'item.audience_changed' and object_id = ${f.items.a_project_doc}`
    expect(entry).toMatchObject({ actor_id: f.people.clerk_a.id, detail: { from: 'project', to: 'client' } })
    await as('clerk_a', 'PATCH', `/items/${f.items.a_project_doc}`, { audience: 'project' })
  })

  it('an item cannot be moved to another client through the API (unknown field)', async () => {
    const res = await as('lawyer', 'PATCH', `/items/${f.items.a_client_doc}`, { clientId: f.clients.b })
    expect(res.status).toBe(400)
  })
})

describe('delegation', () => {
  it('a revoked or expired membership ends access on the next request of an open session', async () => {
    expect((await as('client_a_viewer', 'GET', `/items/${f.items.a_client_doc}`)).status).toBe(200)
    expect((await as('client_a_manager', 'POST', `/${f.clients.a}/members/${f.memberships.client_a_viewer}/revoke`, {})).status).toBe(200)
    expect((await as('client_a_viewer', 'GET', `/items/${f.items.a_client_doc}`)).status).toBe(404)
    await ctx.owner`update public.client_members set revoked_at = null where id = ${f.memberships.client_a_viewer}`
    await ctx.owner`update public.client_members set expires_at = now() - interval '1 minute' where id = ${f.memberships.client_a_delegate}`
    expect((await as('client_a_delegate', 'GET', `/items/${f.items.a_client_doc}`)).status).toBe(404)
    await ctx.owner`update public.client_members set expires_at = now() + interval '30 days' where id = ${f.memberships.client_a_delegate}`
  })

  it('a manager cannot grant more than they hold, and the audit trail names on whose behalf a delegate acted', async () => {
    const owner = await as('client_a_manager', 'POST', `/${f.clients.a}/members`, { email: 'boss@example.test', displayName: 'Boss', role: 'owner' })
    expect(owner.status).toBe(404)
    const [countBefore] = await ctx.owner`select count(*)::int as n from public.accounts where email = 'boss@example.test'`
    expect(countBefore!.n).toBe(0) // nothing half-written
    const ok = await as('client_a_manager', 'POST', `/${f.clients.a}/members`, { email: 'assistenz@example.test', displayName: 'Assistenz', role: 'viewer', expiresAt: new Date(Date.now() + 86_400_000).toISOString() })
    expect(ok.status).toBe(201)
    const [entry] = await ctx.owner`select actor_id, on_behalf_of, client_id from public.audit_log where action = 'member.granted' and object_id = ${ok.json.memberId}`
    expect(entry).toEqual({ actor_id: f.people.client_a_manager.id, on_behalf_of: f.people.client_a_owner.id, client_id: f.clients.a })
    const mails = await ctx.owner`select template from private.outbox where to_address = 'assistenz@example.test'`
    expect(mails.map((m) => m.template)).toEqual(['invitation'])
  })

  it('adding a person who already has an account answers the same and sends a notice instead of an invitation', async () => {
    const res = await as('client_a_manager', 'POST', `/${f.clients.a}/members`, { email: f.people.client_b_owner.email, displayName: 'Whoever', role: 'viewer' })
    expect(res.status).toBe(201)
    expect(Object.keys(res.json)).toEqual(['memberId'])
    const mails = await ctx.owner`select template from private.outbox where to_address = ${f.people.client_b_owner.email}`
    expect(mails.map((m) => m.template)).toEqual(['added-to-client'])
    // The existing account's name is not changed by the inviter.
    const [account] = await ctx.owner`select display_name from public.accounts where id = ${f.people.client_b_owner.id}`
    expect(account!.display_name).toBe('client_b_owner')
  })
})

describe('listing pages', () => {
  it('pages through items with the same timestamp without skipping or repeating one', async () => {
    const at = new Date()
    for (let i = 0; i < 7; i++)
      await ctx.owner`insert into public.items (kind, client_id, audience, title, created_by, created_at) values ('document', ${f.clients.b}, 'client', ${`Gleichzeitig ${i}`}, ${f.people.lawyer.id}, ${at})`
    const seen: string[] = []
    let after: string | null = null
    do {
      const res = await as('client_b_owner', 'GET', `/items?clientId=${f.clients.b}&limit=3${after ? `&after=${after}` : ''}`)
      seen.push(...res.json.items.map((i: { id: string }) => i.id))
      after = res.json.next
    } while (after)
    const all = await ctx.owner`select id from public.items where client_id = ${f.clients.b} and audience = 'client'`
    expect(seen.sort()).toEqual(all.map((r) => r.id as string).sort())
    expect(new Set(seen).size).toBe(seen.length)
  })
})

describe('adding someone who already has an account', () => {
  it('tells the manager nothing about the account, grants nothing until the person accepts, and only they can accept', async () => {
    const res = await as('client_a_manager', 'POST', `/${f.clients.a}/members`, { email: f.people.outsider.email, displayName: 'Wer auch immer', role: 'viewer' })
    expect(res.status).toBe(201)
    const team = (await as('client_a_manager', 'GET', `/${f.clients.a}/members`)).json.members
    const row = team.find((m: { id: string }) => m.id === res.json.memberId)
    expect(row).toMatchObject({ displayName: 'Wer auch immer', email: f.people.outsider.email, accepted: false, active: false, lastSignInAt: null })
    expect((await as('outsider', 'GET', `/items/${f.items.a_client_doc}`)).status).toBe(404)
    // The manager cannot accept in the person's place.
    await expect(ctx.db.asUser(f.people.client_a_manager.claims, (tx) => tx`update public.client_members set accepted_at = now() where id = ${res.json.memberId}`))
      .rejects.toMatchObject({ code: '42501' })
    const pending = (await as('outsider', 'GET', '/memberships/pending')).json.memberships
    expect(pending).toEqual([expect.objectContaining({ id: res.json.memberId, clientName: 'Alpha GmbH', role: 'viewer' })])
    expect((await as('outsider', 'POST', `/memberships/${res.json.memberId}/accept`, {})).status).toBe(200)
    expect((await as('outsider', 'GET', `/items/${f.items.a_client_doc}`)).status).toBe(200)
    await ctx.owner`update public.client_members set revoked_at = now() where id = ${res.json.memberId}`
  })
})

describe('names and group pages', () => {
  it('members with project rights see the outside participant’s name; group pages are listed by group', async () => {
    const project = await as('client_a_owner', 'GET', `/projects/${f.projects.a}`)
    const outside = project.json.participants.filter((p: { kind: string }) => p.kind === 'outside').map((p: { displayName: string }) => p.displayName)
    expect(outside).toContain('tax_adviser')
    expect(outside.every((name: string | null) => name)).toBe(true)
    const pages = await as('client_a_viewer', 'GET', `/items?groupId=${f.group}`)
    expect(pages.json.items.map((i: { id: string }) => i.id)).toEqual([f.items.group_page])
    expect((await as('client_b_owner', 'GET', `/items?groupId=${f.group}`)).status).toBe(404)
  })
})
