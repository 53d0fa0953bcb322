import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../../functions/documents/app.ts'
import { buildAccessFixture, type AccessFixture, type Person } from '../../helpers/access-fixture.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { ORIGIN } from '../../helpers/http.ts'

let ctx: TestContext
let f: AccessFixture
const ids = {} as Record<'client' | 'project' | 'adviser' | 'internal' | 'answer' | 'otherClient', string>
let requestId = ''

const pdf = () => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(1500)])
async function upload(as: Person, query: Record<string, string>) {
  const res = await app.request(`${ORIGIN}/functions/v1/documents?${new URLSearchParams(query)}`, {
    method: 'POST',
    headers: { origin: ORIGIN, cookie: f.cookies[as], 'content-type': 'application/octet-stream' },
    body: pdf(),
  })
  const json = await res.json()
  if (res.status !== 201) throw new Error(`upload as ${as} failed: ${JSON.stringify(json)}`)
  return json.id as string
}
async function list(as: Person, query: Record<string, string>) {
  const res = await app.request(`${ORIGIN}/functions/v1/documents?${new URLSearchParams(query)}`, { headers: { cookie: f.cookies[as] } })
  return { status: res.status, json: await res.json() }
}
const titles = async (as: Person, query: Record<string, string>) =>
  ((await list(as, query)).json.documents as { title: string }[]).map((d) => d.title).sort()

beforeAll(async () => {
  ctx = await createTestContext()
  await ctx.owner`insert into public.firm_settings (id, firm_name) values (1, 'Kanzlei Berger')`
  f = await buildAccessFixture(ctx)
  const A = f.clients.a
  ids.client = await upload('clerk_a', { clientId: A, filename: 'Vertrag.pdf', title: 'Vertrag', category: 'Verträge', note: 'Bitte prüfen', requiresConfirmation: 'true' })
  ids.project = await upload('clerk_a', { clientId: A, filename: 'Plan.pdf', title: 'Plan', audience: 'project', projectId: f.projects.a })
  ids.adviser = await upload('clerk_a', { clientId: A, filename: 'Bilanz.pdf', title: 'Bilanz', audience: 'people', projectId: f.projects.a, recipients: f.people.tax_adviser.id })
  ids.internal = await upload('clerk_a', { clientId: A, filename: 'Notiz.pdf', title: 'Notiz', audience: 'internal' })
  const [req] = await ctx.owner`insert into public.items (kind, client_id, audience, title, created_by)
                                values ('document_request', ${A}, 'client', 'Ausweis', ${f.people.clerk_a.id}) returning id`
  requestId = req!.id as string
  await ctx.owner`insert into public.document_requests (item_id, client_id) values (${requestId}, ${A})`
  ids.answer = await upload('client_a_member', { clientId: A, filename: 'Ausweis.pdf', title: 'Antwort', requestId })
  ids.otherClient = await upload('lawyer', { clientId: f.clients.b, filename: 'Satzung.pdf', title: 'Satzung B' })
})
afterAll(() => ctx.close())

describe('GET /documents: the documents a person may see', () => {
  it('staff of the client see every document with its latest version and the receipt summary', async () => {
    const { status, json } = await list('clerk_a', { clientId: f.clients.a })
    expect(status).toBe(200)
    expect(json.documents.map((d: { title: string }) => d.title).sort()).toEqual(['Antwort', 'Bilanz', 'Notiz', 'Plan', 'Vertrag'])
    const contract = json.documents.find((d: { id: string }) => d.id === ids.client)
    expect(contract).toMatchObject({
      clientId: f.clients.a, projectId: null, audience: 'client', category: 'Verträge', note: 'Bitte prüfen',
      requiresConfirmation: true, requestId: null, filename: 'Vertrag.pdf', mediaType: 'application/pdf',
      size: 1509, versionCount: 1, deleted: false, createdBy: f.people.clerk_a.id, fromFirm: true,
      // Client-wide: the five active members; nobody opened it yet.
      receipts: { recipients: 5, opened: 0, confirmed: 0 },
    })
    expect(contract.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(json.documents.find((d: { id: string }) => d.id === ids.answer)).toMatchObject({ requestId, uploaderName: 'client_a_member', fromFirm: false })
  })

  it('counts openings and confirmations per recipient for staff; the recipient sees only their own', async () => {
    await app.request(`${ORIGIN}/functions/v1/documents/${ids.client}`, { headers: { cookie: f.cookies.client_a_owner } })
    await app.request(`${ORIGIN}/functions/v1/documents/${ids.client}/confirm`, {
      method: 'POST', headers: { origin: ORIGIN, cookie: f.cookies.client_a_owner, 'content-type': 'application/json' }, body: '{}',
    })
    const staff = (await list('clerk_a', { clientId: f.clients.a })).json.documents.find((d: { id: string }) => d.id === ids.client)
    expect(staff.receipts).toEqual({ recipients: 5, opened: 1, confirmed: 1 })
    const owner = (await list('client_a_owner', { clientId: f.clients.a })).json.documents.find((d: { id: string }) => d.id === ids.client)
    expect(owner.receipts).toBeNull()
    expect(owner.myOpenedAt).toMatch(/^\d{4}-/)
    expect(owner.myConfirmedAt).toMatch(/^\d{4}-/)
    const member = (await list('client_a_member', { clientId: f.clients.a })).json.documents.find((d: { id: string }) => d.id === ids.client)
    expect(member).toMatchObject({ receipts: null, myOpenedAt: null, myConfirmedAt: null })
  })

  it.each([
    ['client_a_owner', ['Plan', 'Vertrag']],
    ['client_a_manager', ['Plan', 'Vertrag']],
    // The member takes part in the project and answered the request.
    ['client_a_member', ['Antwort', 'Plan', 'Vertrag']],
    ['client_a_viewer', ['Vertrag']],
    ['client_a_delegate', ['Vertrag']],
  ] as const)('%s sees only what is addressed to them', async (as, expected) => {
    expect(await titles(as, { clientId: f.clients.a })).toEqual(expected)
  })

  it.each(['client_b_owner', 'outsider', 'tax_adviser'] as const)('%s cannot list client A (not_found)', async (as) => {
    const { status, json } = await list(as, { clientId: f.clients.a })
    expect(status).toBe(404)
    expect(json.code).toBe('not_found')
  })

  it('an outside participant lists the project and sees only what is addressed to them', async () => {
    expect(await titles('tax_adviser', { projectId: f.projects.a })).toEqual(['Bilanz'])
    expect((await list('outsider', { projectId: f.projects.a })).status).toBe(404)
    // A project of another client under this client's id is refused, not mixed in.
    expect((await list('clerk_a', { clientId: f.clients.a, projectId: f.projects.b })).status).toBe(404)
  })

  it('filters by project and by request', async () => {
    expect(await titles('clerk_a', { clientId: f.clients.a, projectId: f.projects.a })).toEqual(['Bilanz', 'Plan'])
    expect(await titles('clerk_a', { clientId: f.clients.a, requestId })).toEqual(['Antwort'])
    expect(await titles('client_a_owner', { clientId: f.clients.a, requestId })).toEqual([])
    expect(await titles('lawyer', { clientId: f.clients.b })).toEqual(['Satzung B'])
  })

  it('refuses a listing without scope or with unknown parameters', async () => {
    expect((await list('clerk_a', {})).json.code).toBe('validation_failed')
    expect((await list('clerk_a', { clientId: f.clients.a, extra: '1' })).json.code).toBe('validation_failed')
    expect((await list('clerk_a', { clientId: 'nope' })).status).toBe(400)
    const anonymous = await app.request(`${ORIGIN}/functions/v1/documents?clientId=${f.clients.a}`)
    expect(anonymous.status).toBe(401)
  })
})
