import { randomBytes } from 'node:crypto'
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../../functions/documents/app.ts'
import { buildAccessFixture, type AccessFixture, type Person } from '../../helpers/access-fixture.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { ORIGIN } from '../../helpers/http.ts'
import { createPersona, signInAs } from '../../helpers/personas.ts'

let ctx: TestContext
let f: AccessFixture
const cookies = {} as Record<Person | 'clerk_b', string>
beforeAll(async () => {
  ctx = await createTestContext()
  await ctx.owner`insert into public.firm_settings (id, firm_name) values (1, 'Kanzlei Berger')`
  f = await buildAccessFixture(ctx)
  Object.assign(cookies, f.cookies)
  // Staff, but not assigned to client A.
  cookies.clerk_b = await signInAs(ctx, await createPersona(ctx, 'clerk_b', { kind: 'staff' }))
})
afterAll(() => ctx.close())

const pdf = () => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(800)])
async function call(as: Person | 'clerk_b', method: string, p: string, body?: unknown, raw?: BodyInit) {
  const res = await app.request(`${ORIGIN}/functions/v1/documents${p}`, {
    method,
    headers: { origin: ORIGIN, cookie: cookies[as], 'content-type': raw ? 'application/octet-stream' : 'application/json' },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  })
  return { status: res.status, json: await res.json() }
}
const upload = (as: Person, query: Record<string, string>) =>
  call(as, 'POST', `?${new URLSearchParams({ clientId: f.clients.a, filename: 'Beleg.pdf', ...query })}`, undefined, pdf())
const choices = async (as: Person | 'clerk_b', query: string) => call(as, 'GET', `/categories?${query}`)
const names = (r: { json: { categories: { name: string }[] } }) => r.json.categories.map((c) => c.name)
const counts = async () => {
  const [row] = await ctx.owner`select count(*)::int as documents from public.documents`
  const blobs = (await readdir(path.join(ctx.dataDir, 'blobs'), { recursive: true, withFileTypes: true }).catch(() => [])).filter((e) => e.isFile()).length
  return { ...row, blobs }
}
const firmCategory = async (name: string) => (await ctx.owner`select id from public.document_categories where client_id is null and project_type is null and name = ${name}`)[0]!.id as string

describe('document categories', () => {
  it('offers the firm’s German defaults in their order; uploaders outside the firm must choose one, staff need not', async () => {
    const member = await choices('client_a_member', `clientId=${f.clients.a}`)
    expect(member.status).toBe(200)
    expect(names(member)).toEqual(['Verträge', 'Korrespondenz', 'Belege', 'Sonstiges'])
    expect(member.json.required).toBe(true)
    expect(member.json.categories[0]).toMatchObject({ scope: 'firm', clientId: null, projectType: null, archivedAt: null })
    expect((await choices('clerk_a', `clientId=${f.clients.a}`)).json.required).toBe(false)
    expect((await choices('client_b_owner', `clientId=${f.clients.a}`)).status).toBe(404)
    expect((await choices('tax_adviser', `clientId=${f.clients.a}`)).status).toBe(404)
    expect((await choices('client_a_member', '')).status).toBe(400)
  })

  it.each([
    ['lawyer', { name: 'Gutachten' }, 201],
    ['clerk_a', { name: 'Rundschreiben' }, 404],
    ['clerk_a', { name: 'Gesellschafterbeschlüsse', clientId: 'A' }, 201],
    ['clerk_b', { name: 'Fremd', clientId: 'A' }, 404],
    ['client_a_owner', { name: 'Eigenes', clientId: 'A' }, 404],
    ['lawyer', { name: 'Handelsregister', projectType: 'formation' }, 201],
    ['clerk_a', { name: 'Notarentwürfe', clientId: 'A', projectType: 'formation' }, 201],
    ['lawyer', { name: 'verträge' }, 409],
    ['lawyer', { name: 'X', extra: 1 }, 400],
  ] as const)('%s creates %j → %i', async (as, body, status) => {
    const res = await call(as, 'POST', '/categories', { ...body, ...('clientId' in body ? { clientId: f.clients.a } : {}) })
    expect(res.status).toBe(status)
    if (status === 409) expect(res.json.code).toBe('category_exists')
    const stored = await ctx.owner`select created_by from public.document_categories where name = ${body.name}`
    expect(stored.length).toBe(status === 201 ? 1 : 0)
  })

  it('applies the client’s own and the project type’s categories where they belong', async () => {
    const a = names(await choices('client_a_member', `clientId=${f.clients.a}`))
    expect(a).toContain('Gesellschafterbeschlüsse')
    expect(a).not.toContain('Handelsregister')
    const project = names(await choices('tax_adviser', `projectId=${f.projects.a}`))
    expect(project).toEqual(expect.arrayContaining(['Handelsregister', 'Notarentwürfe', 'Gesellschafterbeschlüsse', 'Verträge']))
    // Client B's project is of another type, and A's own categories are not B's.
    const b = names(await choices('client_b_owner', `clientId=${f.clients.b}`))
    expect(b).not.toContain('Gesellschafterbeschlüsse')
    expect(names(await choices('tax_adviser', `projectId=${f.projects.b}`))).not.toContain('Handelsregister')
    const managed = await call('clerk_a', 'GET', `/categories/manage?clientId=${f.clients.a}`)
    expect(managed.json.categories.find((c: { name: string }) => c.name === 'Notarentwürfe')).toMatchObject({ scope: 'client_project_type', projectType: 'formation' })
  })

  it('refuses an upload without a category (nothing stored) and files it under the chosen one, by id or by name', async () => {
    const before = await counts()
    const missing = await upload('client_a_member', {})
    expect(missing.status).toBe(422)
    expect(missing.json.code).toBe('category_required')
    expect(await counts()).toEqual(before)

    const byId = await upload('client_a_member', { category: await firmCategory('Belege'), note: 'Quittung März' })
    expect(byId.status).toBe(201)
    const [doc] = await ctx.owner`select category, category_id from public.documents where item_id = ${byId.json.id}`
    expect(doc).toEqual({ category: 'Belege', category_id: await firmCategory('Belege') })
    const byName = await upload('client_a_member', { category: 'gesellschafterbeschlüsse' })
    expect(byName.status).toBe(201)
    expect((await call('client_a_member', 'GET', `/${byName.json.id}`)).json.category).toBe('Gesellschafterbeschlüsse')
  })

  it.each([
    ['a category of another client', async () => (await call('lawyer', 'POST', '/categories', { name: 'Nur Beta', clientId: f.clients.b })).json.id],
    ['a project type’s category outside a project', async () => (await ctx.owner`select id from public.document_categories where name = 'Handelsregister'`)[0]!.id],
    ['an unknown name', async () => 'Steuerunterlagen'],
    ['an unknown id', async () => crypto.randomUUID()],
  ])('refuses %s with category_invalid', async (_, category) => {
    const res = await upload('client_a_member', { category: await category() })
    expect(res.status).toBe(422)
    expect(res.json.code).toBe('category_invalid')
  })

  it('lets the firm and answers to a request go without a category; an outside participant files into the project’s type', async () => {
    expect((await upload('clerk_a', {})).status).toBe(201)
    const request = await call('clerk_a', 'POST', '/requests', { clientId: f.clients.a, title: 'Ausweiskopie' })
    expect((await upload('client_a_member', { requestId: request.json.id })).status).toBe(201)
    const adviser = await upload('tax_adviser', { projectId: f.projects.a, audience: 'people', category: 'Handelsregister' })
    expect(adviser.status).toBe(201)
    expect((await upload('tax_adviser', { projectId: f.projects.a, audience: 'people' })).json.code).toBe('category_required')
  })

  it('renames on the documents filed under it; archived ones are no longer offered but stay on their documents', async () => {
    const [cat] = await ctx.owner`select id from public.document_categories where name = 'Gesellschafterbeschlüsse'`
    const filed = await upload('client_a_owner', { category: cat!.id })
    expect((await call('client_a_owner', 'PATCH', `/categories/${cat!.id}`, { name: 'Beschlüsse' })).status).toBe(404)
    const renamed = await call('clerk_a', 'PATCH', `/categories/${cat!.id}`, { name: 'Beschlüsse', position: 5 })
    expect(renamed.json).toMatchObject({ name: 'Beschlüsse', position: 5, scope: 'client' })
    expect((await call('client_a_owner', 'GET', `/${filed.json.id}`)).json.category).toBe('Beschlüsse')
    expect(names(await choices('client_a_member', `clientId=${f.clients.a}`))[0]).toBe('Beschlüsse')

    const archived = await call('clerk_a', 'PATCH', `/categories/${cat!.id}`, { archived: true })
    expect(archived.json.archivedAt).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(names(await choices('client_a_member', `clientId=${f.clients.a}`))).not.toContain('Beschlüsse')
    expect((await upload('client_a_owner', { category: cat!.id })).json.code).toBe('category_invalid')
    expect((await call('client_a_owner', 'GET', `/${filed.json.id}`)).json.category).toBe('Beschlüsse')
    const audit = await ctx.owner`select action from public.audit_log where object_id = ${cat!.id} order by id`
    expect(audit.map((r) => r.action)).toEqual(['document_category.created', 'document_category.updated', 'document_category.updated'])
    expect((await call('clerk_a', 'PATCH', `/categories/${cat!.id}`, { archived: false })).json.archivedAt).toBeNull()
  })

  it('needs no category when none applies', async () => {
    await ctx.owner`update public.document_categories set archived_at = now() where client_id is null and project_type is null`
    const b = await choices('client_b_owner', `clientId=${f.clients.b}`)
    expect(b.json).toMatchObject({ categories: [{ name: 'Nur Beta' }], required: true })
    await ctx.owner`update public.document_categories set archived_at = now() where client_id = ${f.clients.b}`
    expect((await choices('client_b_owner', `clientId=${f.clients.b}`)).json).toEqual({ categories: [], required: false })
    const res = await call('client_b_owner', 'POST', `?${new URLSearchParams({ clientId: f.clients.b, filename: 'frei.pdf' })}`, undefined, pdf())
    expect(res.status).toBe(201)
  })
})
