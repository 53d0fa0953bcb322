import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../../functions/messages/app.ts'
import { buildAccessFixture, type AccessFixture, type Person } from '../../helpers/access-fixture.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { ORIGIN } from '../../helpers/http.ts'

let ctx: TestContext
let f: AccessFixture

beforeAll(async () => {
  ctx = await createTestContext()
  f = await buildAccessFixture(ctx)
})
afterAll(() => ctx.close())

async function call(as: Person, method: string, path: string, body?: unknown) {
  const res = await app.request(`${ORIGIN}/functions/v1/messages${path}`, {
    method,
    headers: { origin: ORIGIN, cookie: f.cookies[as], 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, json: text ? JSON.parse(text) : undefined }
}
const count = async () => Number((await ctx.owner`select count(*)::int as n from public.message_categories`)[0]!.n)
const offered = async (as: Person) => ((await call(as, 'GET', '/categories')).json.categories as { id: string; nameDe: string }[])

describe('message categories (admins define them)', () => {
  it('an admin adds a category with German and English name; everyone is offered it', async () => {
    const created = await call('lawyer', 'POST', '/categories', { nameDe: 'Vollmacht', nameEn: 'Power of attorney', position: 60 })
    expect(created.status).toBe(201)
    expect(created.json).toMatchObject({ nameDe: 'Vollmacht', nameEn: 'Power of attorney', position: 60, archivedAt: null })
    expect((await offered('client_a_member')).map((c) => c.nameDe)).toContain('Vollmacht')
    const [audit] = await ctx.owner`select action from public.audit_log where object_id = ${created.json.id} order by id desc limit 1`
    expect(audit?.action).toBe('message_category.created')
  })

  it('staff who are not admins and clients may not add or change one (not_found), and nothing changes', async () => {
    const before = await count()
    for (const as of ['clerk_a', 'client_a_owner', 'tax_adviser'] as const) {
      const res = await call(as, 'POST', '/categories', { nameDe: `Fremd ${as}`, nameEn: 'Foreign' })
      expect(res.status, as).toBe(404)
      expect(res.json.code).toBe('not_found')
    }
    expect(await count()).toBe(before)
    const frage = (await offered('clerk_a')).find((c) => c.nameDe === 'Frage')!
    for (const as of ['clerk_a', 'client_a_owner'] as const) {
      const res = await call(as, 'PATCH', `/categories/${frage.id}`, { nameDe: 'Gekapert', archived: true })
      expect(res.status, as).toBe(404)
      expect(res.json.code).toBe('not_found')
    }
    const [row] = await ctx.owner`select name_de, archived_at from public.message_categories where id = ${frage.id}`
    expect(row).toMatchObject({ name_de: 'Frage', archived_at: null })
  })

  it('bad input answers stable codes and changes nothing', async () => {
    const before = await count()
    expect((await call('lawyer', 'POST', '/categories', { nameDe: '  ', nameEn: 'X' })).json.code).toBe('validation_failed')
    expect((await call('lawyer', 'POST', '/categories', { nameDe: 'X'.repeat(101), nameEn: 'X' })).json.code).toBe('validation_failed')
    expect((await call('lawyer', 'POST', '/categories', { nameDe: 'Ohne Englisch' })).json.code).toBe('validation_failed')
    expect((await call('lawyer', 'POST', '/categories', { nameDe: 'A', nameEn: 'A', position: 5000 })).json.code).toBe('validation_failed')
    expect((await call('lawyer', 'POST', '/categories', { nameDe: 'A', nameEn: 'A', extra: 1 })).json.code).toBe('validation_failed')
    const dup = await call('lawyer', 'POST', '/categories', { nameDe: 'frage', nameEn: 'Question 2' })
    expect(dup.status).toBe(409)
    expect(dup.json.code).toBe('category_exists')
    expect(await count()).toBe(before)
    const frage = (await offered('lawyer')).find((c) => c.nameDe === 'Frage')!
    expect((await call('lawyer', 'PATCH', `/categories/${frage.id}`, {})).json.code).toBe('validation_failed')
    expect((await call('lawyer', 'PATCH', '/categories/not-a-uuid', { nameDe: 'Y' })).json.code).toBe('validation_failed')
    expect((await call('lawyer', 'PATCH', '/categories/00000000-0000-4000-8000-000000000000', { nameDe: 'Y' })).json.code).toBe('not_found')
    expect((await call('lawyer', 'PATCH', `/categories/${frage.id}`, { nameDe: 'Termin' })).json.code).toBe('category_exists')
  })

  it('an admin renames and reorders; archived ones are no longer offered, existing conversations keep theirs', async () => {
    const created = (await call('lawyer', 'POST', '/categories', { nameDe: 'Kurzfristig', nameEn: 'Short-term', position: 5 })).json
    const renamed = await call('lawyer', 'PATCH', `/categories/${created.id}`, { nameDe: 'Eilig', nameEn: 'Urgent', position: 1 })
    expect(renamed.json).toMatchObject({ nameDe: 'Eilig', nameEn: 'Urgent', position: 1 })
    expect((await offered('client_a_member'))[0]!.nameDe).toBe('Eilig')

    const started = await call('client_a_member', 'POST', '', {
      clientId: f.clients.a, subject: 'Bitte schnell', categoryId: created.id, body: 'Es eilt.',
    })
    expect(started.status).toBe(201)

    const archived = await call('lawyer', 'PATCH', `/categories/${created.id}`, { archived: true })
    expect(archived.json.archivedAt).not.toBeNull()
    expect((await offered('client_a_member')).map((c) => c.id)).not.toContain(created.id)
    const managed = (await call('lawyer', 'GET', '/categories/manage')).json.categories as { id: string; archivedAt: string | null }[]
    expect(managed.find((c) => c.id === created.id)?.archivedAt).not.toBeNull()
    expect(managed.at(-1)!.id).toBe(created.id)

    // No new request in it …
    const refused = await call('client_a_member', 'POST', '', { clientId: f.clients.a, subject: 'Noch einmal', categoryId: created.id, body: 'x' })
    expect(refused.json.code).toBe('unknown_category')
    // … but the existing conversation keeps it.
    const [conv] = await ctx.owner`select category_id from public.conversations where item_id = ${started.json.id}`
    expect(conv?.category_id).toBe(created.id)

    // Restored, it is offered again.
    await call('lawyer', 'PATCH', `/categories/${created.id}`, { archived: false })
    expect((await offered('client_a_member')).map((c) => c.id)).toContain(created.id)
  })
})
