import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../../functions/documents/app.ts'
import { buildAccessFixture, type AccessFixture, type Person } from '../../helpers/access-fixture.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { ORIGIN } from '../../helpers/http.ts'

let ctx: TestContext
let f: AccessFixture
beforeAll(async () => {
  ctx = await createTestContext()
  await ctx.owner`insert into public.firm_settings (id, firm_name) values (1, 'Kanzlei Berger')`
  f = await buildAccessFixture(ctx)
})
afterAll(() => ctx.close())

const pdf = () => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2000)])
async function call(as: Person, method: string, path: string, body?: unknown, raw?: BodyInit) {
  const res = await app.request(`${ORIGIN}/functions/v1/documents${path}`, {
    method,
    headers: { origin: ORIGIN, cookie: f.cookies[as], 'content-type': raw ? 'application/octet-stream' : 'application/json' },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  })
  return { status: res.status, json: await res.json() }
}
const upload = (as: Person, requestId: string, filename: string, body: BodyInit) =>
  call(as, 'POST', `?${new URLSearchParams({ clientId: f.clients.a, filename, requestId })}`, undefined, body)

describe('document requests', () => {
  it('staff ask; the client uploads; staff return one with a reason and accept after a new upload', async () => {
    const created = await call('clerk_a', 'POST', '/requests', {
      clientId: f.clients.a,
      title: 'Gehaltsabrechnungen 2025',
      hint: 'Bitte alle zwölf Monate als PDF.',
      dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      allowedTypes: ['pdf'],
    })
    expect(created.status).toBe(201)
    expect(created.json.asked).toBe(5)
    const asked = await ctx.owner`select count(*)::int as n from private.outbox where template = 'document-request'`
    expect(asked[0]!.n).toBe(5)
    const id = created.json.id as string

    // Only accepted types; the viewer may not upload; a client cannot decide.
    expect((await upload('client_a_member', id, 'foto.png', Buffer.from('89504e470d0a1a0a', 'hex'))).json.code).toBe('type_not_allowed')
    expect((await upload('client_a_viewer', id, 'x.pdf', pdf())).status).toBe(404)
    const first = await upload('client_a_member', id, 'Januar.pdf', pdf())
    expect(first.status).toBe(201)
    const list = await call('client_a_member', 'GET', `/requests?clientId=${f.clients.a}`)
    expect(list.json.requests[0]).toMatchObject({ id, status: 'submitted', submitted: 1, allowedTypes: ['pdf'] })
    expect((await call('client_a_owner', 'POST', `/requests/${id}/accept`, {})).status).toBe(404)

    // The submission is seen by its uploader and the firm only, until accepted and shared.
    const see = async (p: Person) => (await app.request(`${ORIGIN}/functions/v1/documents/${first.json.id}`, { headers: { cookie: f.cookies[p] } })).status
    expect(await see('client_a_member')).toBe(200)
    expect(await see('clerk_a')).toBe(200)
    expect(await see('client_a_owner')).toBe(404)

    const returned = await call('clerk_a', 'POST', `/requests/${id}/return`, { reason: 'Der Januar fehlt die zweite Seite.' })
    expect(returned.json).toEqual({ status: 'returned' })
    const mail = await ctx.owner`select to_address from private.outbox where template = 'request-returned'`
    expect(mail.map((m) => m.to_address)).toEqual([f.people.client_a_member.email])
    const reason = await call('client_a_member', 'GET', `/requests?clientId=${f.clients.a}`)
    expect(reason.json.requests[0]).toMatchObject({ status: 'returned', statusReason: 'Der Januar fehlt die zweite Seite.' })

    expect((await upload('client_a_member', id, 'Januar-vollständig.pdf', pdf())).status).toBe(201)
    expect((await call('clerk_a', 'POST', `/requests/${id}/accept`, { shareWith: 'client' })).json).toEqual({ status: 'accepted' })
    expect(await see('client_a_owner')).toBe(200)
    // Accepted requests take no more uploads.
    expect((await upload('client_a_member', id, 'spät.pdf', pdf())).json.code).toBe('request_closed')
  })

  it('two people uploading to the same request at once both land', async () => {
    const created = await call('clerk_a', 'POST', '/requests', { clientId: f.clients.a, title: 'Ausweise' })
    const [a, b] = await Promise.all([upload('client_a_member', created.json.id, 'a.pdf', pdf()), upload('client_a_owner', created.json.id, 'b.pdf', pdf())])
    expect([a.status, b.status], JSON.stringify([a.json, b.json])).toEqual([201, 201])
    const list = await call('clerk_a', 'GET', `/requests?clientId=${f.clients.a}`)
    expect(list.json.requests.find((r: { id: string }) => r.id === created.json.id)).toMatchObject({ status: 'submitted', submitted: 2 })
  })
})

describe('the optional example file of a request', () => {
  /** The firm uploads an example into a client for an audience (no category needed for staff). */
  const uploadExample = (as: Person, clientId: string, filename: string, extra: Record<string, string> = {}) =>
    call(as, 'POST', `?${new URLSearchParams({ clientId, filename, audience: 'client', ...extra })}`, undefined, pdf())
  const download = async (as: Person, itemId: string) =>
    (await app.request(`${ORIGIN}/functions/v1/documents/${itemId}/file`, { headers: { cookie: f.cookies[as] } })).status
  const listed = async (as: Person, clientId: string, id: string) =>
    ((await call(as, 'GET', `/requests?clientId=${clientId}`)).json.requests as { id: string }[]).find((r) => r.id === id)
  const requestRows = async (title: string) =>
    (await ctx.owner`select count(*)::int as n from public.items where kind = 'document_request' and title = ${title}`)[0]!.n

  it('staff name an example; the people asked see and download it, another client does not', async () => {
    const example = await uploadExample('clerk_a', f.clients.a, 'Muster-Bescheinigung.pdf')
    expect(example.status, JSON.stringify(example.json)).toBe(201)
    const created = await call('clerk_a', 'POST', '/requests', {
      clientId: f.clients.a,
      title: 'Ansässigkeitsbescheinigung',
      exampleDocumentId: example.json.id,
    })
    expect(created.status, JSON.stringify(created.json)).toBe(201)
    const id = created.json.id as string

    const shown = { exampleDocumentId: example.json.id, exampleFilename: 'Muster-Bescheinigung.pdf' }
    expect(await listed('clerk_a', f.clients.a, id)).toMatchObject(shown)
    expect(await listed('client_a_member', f.clients.a, id)).toMatchObject(shown)
    expect(await download('client_a_member', example.json.id)).toBe(200)
    const receipt = await ctx.owner`select kind from public.document_events where item_id = ${example.json.id} and account_id = ${f.people.client_a_member.id}`
    expect(receipt.map((r) => r.kind)).toContain('downloaded')

    // A person of another client sees neither the request nor its example.
    expect(await listed('client_b_owner', f.clients.a, id)).toBeUndefined()
    expect(await download('client_b_owner', example.json.id)).toBe(404)
    expect(await download('outsider', example.json.id)).toBe(404)
  })

  it('the example is only shown to those who may see that document', async () => {
    // An example for named people, but a request to the whole client: the others see no example.
    const example = await uploadExample('clerk_a', f.clients.a, 'Nur-für-Mitglied.pdf', {
      audience: 'people',
      recipients: f.people.client_a_member.id,
    })
    expect(example.status, JSON.stringify(example.json)).toBe(201)
    const created = await call('clerk_a', 'POST', '/requests', { clientId: f.clients.a, title: 'Vollmacht', exampleDocumentId: example.json.id })
    expect(created.status).toBe(201)
    expect(await listed('client_a_member', f.clients.a, created.json.id)).toMatchObject({ exampleDocumentId: example.json.id })
    expect(await listed('client_a_viewer', f.clients.a, created.json.id)).toMatchObject({ exampleDocumentId: null, exampleFilename: null })
    expect(await download('client_a_viewer', example.json.id)).toBe(404)
  })

  it('an example of another client is refused and no request is created', async () => {
    const mails = async () => (await ctx.owner`select count(*)::int as n from private.outbox where template = 'document-request'`)[0]!.n
    const mailsBefore = await mails()
    const other = await uploadExample('lawyer', f.clients.b, 'Beta-Muster.pdf')
    expect(other.status, JSON.stringify(other.json)).toBe(201)
    const asAdmin = await call('lawyer', 'POST', '/requests', { clientId: f.clients.a, title: 'Fremdes Beispiel', exampleDocumentId: other.json.id })
    expect(asAdmin).toMatchObject({ status: 422, json: { code: 'example_not_found' } })
    // Staff of client A only: the document of client B is not even visible to them.
    const asClerk = await call('clerk_a', 'POST', '/requests', { clientId: f.clients.a, title: 'Fremdes Beispiel', exampleDocumentId: other.json.id })
    expect(asClerk).toMatchObject({ status: 422, json: { code: 'example_not_found' } })
    const unknown = await call('clerk_a', 'POST', '/requests', { clientId: f.clients.a, title: 'Fremdes Beispiel', exampleDocumentId: crypto.randomUUID() })
    expect(unknown).toMatchObject({ status: 422, json: { code: 'example_not_found' } })
    expect(await requestRows('Fremdes Beispiel')).toBe(0)
    expect(await mails()).toBe(mailsBefore)
    // Not a uuid: refused by the schema.
    expect((await call('clerk_a', 'POST', '/requests', { clientId: f.clients.a, title: 'Fremdes Beispiel', exampleDocumentId: 'x' })).status).toBe(400)
  })

  it('the database itself refuses an example of another client (direct SQL as the admin)', async () => {
    const [other] = await ctx.owner`select item_id from public.documents where client_id = ${f.clients.b} limit 1`
    const [own] = await ctx.owner`select item_id from public.documents where client_id = ${f.clients.a} and deleted_at is null limit 1`
    const attempt = (example: string) =>
      ctx.db.asUser(f.people.lawyer.claims, async (tx) => {
        const id = crypto.randomUUID()
        await tx`insert into public.items (id, kind, client_id, audience, title, created_by) values (${id}, 'document_request', ${f.clients.a}, 'client', 'SQL-Beispiel', ${f.people.lawyer.id})`
        await tx`insert into public.document_requests (item_id, client_id, example_document_id) values (${id}, ${f.clients.a}, ${example})`
        return id
      })
    await expect(attempt(other!.item_id)).rejects.toMatchObject({ code: '42501' })
    expect(await requestRows('SQL-Beispiel')).toBe(0)
    // The same insert with an example of the same client passes: the example was the reason.
    await expect(attempt(own!.item_id)).resolves.toBeTypeOf('string')
    // Named once, the example cannot be swapped later.
    await expect(
      ctx.db.asUser(f.people.lawyer.claims, (tx) => tx`update public.document_requests set example_document_id = ${other!.item_id} where client_id = ${f.clients.a}`),
    ).rejects.toMatchObject({ code: '42501' })
  })

  it('deleting the example (staff, a mistake within 24 hours) leaves the request without one', async () => {
    const example = await uploadExample('clerk_a', f.clients.a, 'Falsches-Muster.pdf')
    const created = await call('clerk_a', 'POST', '/requests', { clientId: f.clients.a, title: 'Grundbuchauszug', exampleDocumentId: example.json.id })
    expect(created.status).toBe(201)
    const deleted = await call('clerk_a', 'POST', `/${example.json.id}/delete`, { reason: 'Falsche Datei hochgeladen.' })
    expect(deleted).toMatchObject({ status: 200, json: { deleted: 'hard' } })
    expect(await listed('clerk_a', f.clients.a, created.json.id)).toMatchObject({ exampleDocumentId: null, exampleFilename: null })
  })
})
