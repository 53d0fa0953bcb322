import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Claims } from '../../../functions/_shared/db.ts'
import { app } from '../../../functions/shares/app.ts'
import { buildDocumentFixture, type DocPerson, type DocumentFixture } from '../../helpers/document-fixture.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { call } from '../../helpers/http.ts'

/**
 * The firm's logo on the guest page and the admin screen's share rules: only admins set them,
 * only raster images within the cap, served with safe headers; a guest sees the logo only while
 * its link is valid — via the API and directly in SQL.
 */
let ctx: TestContext
let f: DocumentFixture
beforeAll(async () => {
  ctx = await createTestContext()
  f = await buildDocumentFixture(ctx)
  await ctx.owner`insert into public.firm_settings (id, firm_name) values (1, 'Kanzlei Muster') on conflict (id) do nothing`
})
afterAll(() => ctx.close())

// A 1x1 PNG: real magic bytes.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')

const as = (who: DocPerson | undefined, method: string, path: string, options: { body?: unknown; raw?: Buffer } = {}) =>
  call(app, method, `/functions/v1/shares${path}`, {
    cookie: who ? f.cookies[who] : undefined,
    body: options.body,
    rawBody: options.raw ? new Uint8Array(options.raw) : undefined,
    headers: options.raw ? { 'content-type': 'image/png' } : undefined,
  })
const logoRows = async () => (await ctx.owner`select count(*)::int as n from public.firm_logo`)[0]!.n
const guestCall = (method: string, path: string, cookie?: string, body?: unknown) => call(app, method, `/functions/v1/shares/guest${path}`, { cookie, body })
async function guestOf(who: DocPerson) {
  const res = await as(who, 'POST', '', { body: { clientId: f.clients.a, expiresInDays: 7, documentIds: [f.documents.a_client] } })
  const opened = await guestCall('POST', '/open', undefined, { token: (res.json.url as string).split('#')[1] })
  return { id: res.json.id as string, cookie: `portal_guest=${/portal_guest=([^;]+)/.exec(opened.headers.get('set-cookie') ?? '')![1]}` }
}

describe('the firm\'s logo', () => {
  it('only admins set it: other staff and clients get 404 and nothing changes', async () => {
    for (const who of ['clerk_a', 'client_a_owner'] as DocPerson[]) {
      const res = await as(who, 'PUT', '/logo', { raw: PNG })
      expect(res.status, who).toBe(404)
      expect((await as(who, 'DELETE', '/logo')).status).toBe(404)
    }
    expect((await as(undefined, 'PUT', '/logo', { raw: PNG })).status).toBe(401)
    expect(await logoRows()).toBe(0)
  })

  it('takes PNG, JPEG or WebP by their magic bytes, up to 512 KiB; SVG, text and larger files are refused', async () => {
    expect((await as('lawyer', 'PUT', '/logo', { raw: SVG })).json.code).toBe('logo_type_not_allowed')
    expect((await as('lawyer', 'PUT', '/logo', { raw: Buffer.from('kein Bild') })).json.code).toBe('logo_type_not_allowed')
    expect((await as('lawyer', 'PUT', '/logo', { raw: Buffer.alloc(0) })).status).toBe(415)
    const big = await as('lawyer', 'PUT', '/logo', { raw: Buffer.concat([PNG, Buffer.alloc(512 * 1024)]) })
    expect(big.status).toBe(413)
    expect(big.json.code).toBe('payload_too_large')
    expect(await logoRows()).toBe(0)
    // Not without the same origin.
    const foreign = await call(app, 'PUT', '/functions/v1/shares/logo', { cookie: f.cookies.lawyer, rawBody: new Uint8Array(PNG), headers: { origin: 'https://evil.example' } })
    expect(foreign.status).toBe(403)

    const set = await as('lawyer', 'PUT', '/logo', { raw: PNG })
    expect(set.status).toBe(200)
    expect(set.json).toMatchObject({ mediaType: 'image/png', size: PNG.length })
    const [audit] = await ctx.owner`select actor_id, detail from public.audit_log where action = 'firm.logo_set'`
    expect(audit).toMatchObject({ actor_id: f.people.lawyer.id, detail: { mediaType: 'image/png', size: PNG.length } })
  })

  it('is served to signed-in people and to a guest while its link is valid, with safe headers', async () => {
    const res = await call(app, 'GET', '/functions/v1/shares/logo', { cookie: f.cookies.client_a_member })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(res.headers.get('content-security-policy')).toContain('sandbox')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-disposition')).toMatch(/^inline/)

    const g = await guestOf('clerk_a')
    expect((await guestCall('GET', '/view', g.cookie)).json).toMatchObject({ firmName: 'Kanzlei Muster', hasLogo: true })
    const logo = await call(app, 'GET', '/functions/v1/shares/guest/logo', { cookie: g.cookie })
    expect(logo.status).toBe(200)
    expect(logo.headers.get('content-type')).toBe('image/png')
    expect(logo.headers.get('content-security-policy')).toContain('sandbox')
    // Without a session, or once the link is revoked: the guest routes' one 404.
    const nf = (await guestCall('POST', '/open', undefined, { token: 'q'.repeat(43) })).text
    expect((await guestCall('GET', '/logo')).text).toBe(nf)
    await as('clerk_a', 'POST', `/${g.id}/revoke`, { body: {} })
    expect((await guestCall('GET', '/logo', g.cookie)).text).toBe(nf)
  })

  it('in SQL: anon without a live guest session reads no logo; non-admins cannot write it', async () => {
    const none: Claims = { role: 'anon' }
    expect(await ctx.db.asUser(none, (tx) => tx`select id from public.firm_logo`)).toHaveLength(0)
    const g = await guestOf('clerk_a')
    const [session] = await ctx.owner`select id from private.share_sessions where share_id = ${g.id}`
    expect(await ctx.db.asUser({ role: 'anon', share_id: g.id, session_id: session!.id }, (tx) => tx`select id from public.firm_logo`)).toHaveLength(1)
    await expect(ctx.db.asUser({ role: 'anon', share_id: g.id, session_id: session!.id }, (tx) => tx`delete from public.firm_logo`)).rejects.toMatchObject({ code: '42501' })
    const clerk = { role: 'authenticated', sub: f.people.clerk_a.id, aal: 'aal2' } as Claims
    expect(await ctx.db.asUser(clerk, (tx) => tx`update public.firm_logo set media_type = 'image/jpeg', updated_by = ${f.people.clerk_a.id} returning id`)).toHaveLength(0)
    expect(await ctx.db.asUser(clerk, (tx) => tx`delete from public.firm_logo returning id`)).toHaveLength(0)
    await expect(ctx.db.asUser(clerk, (tx) => tx`insert into public.firm_logo (id, media_type, bytes, sha256, updated_by) values (1, 'image/png', '\\x01', ${'a'.repeat(64)}, ${f.people.clerk_a.id}) on conflict (id) do nothing`)).rejects.toMatchObject({ code: '42501' })
    expect((await ctx.owner`select media_type from public.firm_logo`)[0]!.media_type).toBe('image/png')
  })

  it('admins remove it; then there is none', async () => {
    expect((await as('lawyer', 'DELETE', '/logo')).json).toEqual({ removed: true })
    expect((await as('lawyer', 'GET', '/logo')).status).toBe(404)
    expect(await logoRows()).toBe(0)
  })
})

describe('the admin screen\'s share rules', () => {
  it('everyone signed in reads them; only admins change them, and the clients\' maximum stays within the firm\'s', async () => {
    expect((await as('clerk_a', 'GET', '/settings')).json).toEqual({ maxDays: 30, clientRequirePassword: true, clientMaxDays: 14, canEdit: false, logoUpdatedAt: null })
    expect((await as('lawyer', 'GET', '/settings')).json.canEdit).toBe(true)
    expect((await as('clerk_a', 'PATCH', '/policy', { body: { maxDays: 60 } })).status).toBe(404)
    const tooLong = await as('lawyer', 'PATCH', '/policy', { body: { maxDays: 10 } })
    expect(tooLong.status).toBe(422)
    expect(tooLong.json.code).toBe('client_days_exceed_max')
    expect((await as('lawyer', 'PATCH', '/policy', { body: { maxDays: 10, clientMaxDays: 20 } })).json.code).toBe('client_days_exceed_max')
    expect((await as('lawyer', 'PATCH', '/policy', { body: { maxDays: 400 } })).json.code).toBe('validation_failed')
    expect((await as('lawyer', 'GET', '/settings')).json).toMatchObject({ maxDays: 30, clientMaxDays: 14 })
    expect((await as('lawyer', 'PATCH', '/policy', { body: { maxDays: 60, clientMaxDays: 21, clientRequirePassword: true } })).json).toEqual({ maxDays: 60, clientRequirePassword: true, clientMaxDays: 21 })
    // The server holds the new limits: a client link of 22 days is refused, 21 days is taken.
    const client = (days: number) => as('client_a_owner', 'POST', '', { body: { clientId: f.clients.a, expiresInDays: days, documentIds: [f.documents.a_client], password: 'Wolkenkratzer-Fahrradkette 2031!' } })
    expect((await client(22)).json.code).toBe('expiry_too_long')
    expect((await client(21)).status).toBe(201)
    expect((await as('client_a_owner', 'GET', `/policy?clientId=${f.clients.a}`)).json).toMatchObject({ maxDays: 21, requirePassword: true })
    await as('lawyer', 'PATCH', '/policy', { body: { maxDays: 30, clientMaxDays: 14 } })
  })
})
