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
