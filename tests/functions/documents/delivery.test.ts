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

const pdf = () => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(3000)])
async function send(as: Person, path: string, body?: BodyInit, json = false) {
  const res = await app.request(`${ORIGIN}/functions/v1/documents${path}`, {
    method: 'POST',
    headers: { origin: ORIGIN, cookie: f.cookies[as], 'content-type': json ? 'application/json' : 'application/octet-stream' },
    body,
  })
  return { status: res.status, json: await res.json() }
}
const mails = async (template: string) =>
  (await ctx.owner`select to_address, params from private.outbox where template = ${template} order by to_address`).map((r) => ({ to: r.to_address as string, params: r.params }))

describe('delivery from the firm', () => {
  it('mails every recipient a notice with a link and no document name; reminds only those who have not opened it', async () => {
    const q = new URLSearchParams({ clientId: f.clients.a, filename: 'Gutachten Grundstück.pdf', notify: 'true', requiresConfirmation: 'true' })
    const up = await send('clerk_a', `?${q}`, pdf())
    expect(up.status).toBe(201)
    // Client-wide: every active member who may read documents.
    expect(up.json.notified).toBe(5)
    const sent = await mails('new-document')
    expect(sent.map((m) => m.to)).toEqual(['client_a_delegate', 'client_a_manager', 'client_a_member', 'client_a_owner', 'client_a_viewer'].map((n) => `${n}@example.test`))
    expect(JSON.stringify(sent)).not.toContain('Gutachten')
    expect(sent[0]!.params.link).toBe(`${ORIGIN}/dokumente/${up.json.id}`)
    // The owner downloads it; a reminder then goes to the other four only.
    await (await app.request(`${ORIGIN}/functions/v1/documents/${up.json.id}/file`, { headers: { cookie: f.cookies.client_a_owner } })).arrayBuffer()
    const reminded = await send('clerk_a', `/${up.json.id}/remind`, '{}', true)
    expect(reminded.json).toEqual({ reminded: 4 })
    expect((await mails('document-reminder')).map((m) => m.to)).not.toContain('client_a_owner@example.test')
    // A client cannot send reminders.
    expect((await send('client_a_owner', `/${up.json.id}/remind`, '{}', true)).status).toBe(404)
  })
})

describe('versions', () => {
  it('the creator adds a version; earlier versions stay available to the same audience; others cannot add one', async () => {
    const q = new URLSearchParams({ clientId: f.clients.a, filename: 'Entwurf.pdf', category: 'Verträge' })
    const first = pdf()
    const up = await send('client_a_member', `?${q}`, first)
    const second = pdf()
    const v2 = await send('client_a_member', `/${up.json.id}/versions?filename=Entwurf-2.pdf`, second)
    expect(v2).toMatchObject({ status: 201, json: { version: 2, filename: 'Entwurf-2.pdf' } })
    expect((await send('client_a_viewer', `/${up.json.id}/versions?filename=x.pdf`, pdf())).status).toBe(404)
    expect((await send('client_a_owner', `/${up.json.id}/versions?filename=x.pdf`, pdf())).status).toBe(404)
    expect((await send('clerk_a', `/${up.json.id}/versions?filename=Entwurf-3.pdf`, pdf())).status).toBe(201)
    const get = (v?: number) => app.request(`${ORIGIN}/functions/v1/documents/${up.json.id}/file${v ? `?version=${v}` : ''}`, { headers: { cookie: f.cookies.client_a_viewer } })
    expect(Buffer.from(await (await get(1)).arrayBuffer()).equals(first)).toBe(true)
    expect(Buffer.from(await (await get(2)).arrayBuffer()).equals(second)).toBe(true)
    const doc = await (await app.request(`${ORIGIN}/functions/v1/documents/${up.json.id}`, { headers: { cookie: f.cookies.client_a_viewer } })).json()
    expect(doc.versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1])
  })
})
