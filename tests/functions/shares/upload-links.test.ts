import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Claims } from '../../../functions/_shared/db.ts'
import { app } from '../../../functions/shares/app.ts'
import { app as documentsApp } from '../../../functions/documents/app.ts'
import { buildDocumentFixture, pdfBody, type DocPerson, type DocumentFixture } from '../../helpers/document-fixture.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { call } from '../../helpers/http.ts'

let ctx: TestContext
let f: DocumentFixture
beforeAll(async () => {
  ctx = await createTestContext()
  f = await buildDocumentFixture(ctx)
  await ctx.owner`insert into public.firm_settings (id, firm_name) values (1, 'Kanzlei Muster') on conflict (id) do nothing`
})
afterAll(() => ctx.close())

const PASSWORD = 'Wolkenkratzer-Fahrradkette 2031!'
// A 1x1 PNG: real magic bytes.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')

const as = (who: DocPerson, method: string, path: string, body?: unknown) => call(app, method, `/functions/v1/shares${path}`, { cookie: f.cookies[who], body })
const guest = (method: string, path: string, options: { cookie?: string; body?: unknown; rawBody?: BodyInit; ip?: string; headers?: Record<string, string> } = {}) =>
  call(app, method, `/functions/v1/shares/guest${path}`, options)
const upload = (cookie: string | undefined, filename: string, body: Buffer) =>
  guest('POST', `/uploads?filename=${encodeURIComponent(filename)}`, { cookie, rawBody: new Uint8Array(body), headers: { 'content-type': 'application/octet-stream' } })
async function link(who: DocPerson, body: Record<string, unknown>) {
  const res = await as(who, 'POST', '/upload-links', { clientId: f.clients.a, expiresInDays: 7, ...body })
  return { ...res, token: res.json?.url ? (res.json.url as string).split('#')[1]! : undefined }
}
async function open(token: string, password?: string) {
  const res = await guest('POST', '/open', { body: { token, password } })
  const cookie = /portal_guest=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1]
  return { ...res, cookie: cookie ? `portal_guest=${cookie}` : undefined }
}
const identicalNotFound = async () => (await guest('POST', '/open', { body: { token: 'y'.repeat(43) }, ip: '198.51.100.77' })).text

describe('upload links (file drop)', () => {
  it('only the client\'s staff create them; client users and other staff get 404', async () => {
    for (const who of ['client_a_owner', 'client_a_member', 'clerk_b'] as DocPerson[]) {
      const res = await link(who, { projectId: f.projects.a })
      expect(res.status, who).toBe(404)
      expect(res.json.code).toBe('not_found')
    }
    // A project of another client is not a target.
    expect((await link('clerk_a', { projectId: f.projects.b })).status).toBe(404)
    expect((await link('clerk_a', { projectId: f.projects.a, requestId: f.requests.r_a_client })).json.code).toBe('validation_failed')
    expect((await link('clerk_a', { expiresInDays: 400 })).json.code).toBe('validation_failed')
    expect((await link('clerk_a', { expiresInDays: 60 })).json.code).toBe('expiry_too_long')
    expect((await ctx.owner`select count(*)::int as n from public.shares where kind = 'upload'`)[0]!.n).toBe(0)
  })

  it('a guest gives name and e-mail, uploads two files into the project and sees only its own uploads; staff find them with the guest\'s details', async () => {
    const created = await link('clerk_a', { projectId: f.projects.a, password: PASSWORD, maxFiles: 3 })
    expect(created.status).toBe(201)
    expect(created.json.url).toMatch(/\/freigabe#[A-Za-z0-9_-]{43}$/)
    expect((await open(created.token!)).json).toEqual({ step: 'password' })
    const g = await open(created.token!, PASSWORD)
    expect(g.json).toEqual({ step: 'open' })

    const before = await guest('GET', '/view', { cookie: g.cookie })
    expect(before.json).toMatchObject({ kind: 'upload', firmName: 'Kanzlei Muster', title: 'GmbH-Gründung', remainingFiles: 3, guest: null, uploads: [] })
    // No upload before the guest said who it is.
    const anonymous = await upload(g.cookie, 'Kontoauszug.pdf', pdfBody('früh'))
    expect(anonymous.status).toBe(422)
    expect(anonymous.json.code).toBe('guest_details_required')
    expect((await guest('POST', '/identify', { cookie: g.cookie, body: { name: 'Bank', email: 'kein-email' } })).json.code).toBe('validation_failed')
    expect((await guest('POST', '/identify', { cookie: g.cookie, body: { name: 'Erika Bank', email: 'Erika@Bank.example' } })).json).toEqual({ identified: true })

    const first = await upload(g.cookie, 'Kontoauszug.pdf', pdfBody('Kontoauszug'))
    expect(first.status).toBe(201)
    expect(first.json).toMatchObject({ filename: 'Kontoauszug.pdf', mediaType: 'application/pdf' })
    const second = await upload(g.cookie, 'Scan.png', PNG)
    expect(second.status).toBe(201)

    // Wrong types are refused and change nothing.
    const mismatch = await upload(g.cookie, 'Vertrag.pdf', Buffer.from('just text, not a pdf'))
    expect(mismatch.status).toBe(415)
    expect(mismatch.json.code).toBe('type_mismatch')
    expect((await upload(g.cookie, 'tool.exe', Buffer.from('MZ....'))).json.code).toBe('type_not_allowed')

    const view = await guest('GET', '/view', { cookie: g.cookie })
    expect(view.json.guest).toEqual({ name: 'Erika Bank', email: 'erika@bank.example' })
    expect(view.json.remainingFiles).toBe(1)
    expect(view.json.uploads.map((u: { filename: string }) => u.filename).sort()).toEqual(['Kontoauszug.pdf', 'Scan.png'])
    expect(JSON.stringify(view.json)).not.toContain('a_project')

    // Another guest session of the same link sees nothing of the first one's uploads.
    const other = await open(created.token!, PASSWORD)
    expect((await guest('GET', '/view', { cookie: other.cookie })).json).toMatchObject({ guest: null, uploads: [] })

    // The guest cannot download anything: neither its own uploads nor what is in the project.
    const nf = await identicalNotFound()
    for (const id of [first.json.id, second.json.id, f.documents.a_project, f.documents.a_client]) {
      const res = await guest('GET', `/files/${id}`, { cookie: g.cookie })
      expect(res.status).toBe(404)
      expect(res.text).toBe(nf)
    }
    expect((await guest('GET', '/zip', { cookie: g.cookie })).text).toBe(nf)
    // And reads no document rows through its session at all.
    const claims: Claims = { role: 'anon', share_id: created.json.id, session_id: (await ctx.owner`select id from private.share_sessions where share_id = ${created.json.id} and guest_name is not null`)[0]!.id }
    const seen = await ctx.db.asUser(claims, (tx) => tx`select (select count(*)::int from public.documents) as docs, (select count(*)::int from public.items) as items, (select count(*)::int from public.document_versions) as versions`)
    expect(seen[0]).toEqual({ docs: 0, items: 0, versions: 0 })

    // Staff find both in the project, for the firm only (audience people, no recipients), with the guest's details.
    const listed = await call(documentsApp, 'GET', `/functions/v1/documents?projectId=${f.projects.a}`, { cookie: f.cookies.clerk_a })
    const ids = listed.json.documents.map((d: { id: string }) => d.id)
    expect(ids).toEqual(expect.arrayContaining([first.json.id, second.json.id]))
    // Listed as the guest's, not as the firm's (the link's creator stands in as the uploader).
    const guestRow = listed.json.documents.find((d: { id: string }) => d.id === first.json.id)
    expect(guestRow).toMatchObject({ guestName: 'Erika Bank', fromFirm: false })
    const rows = await ctx.owner`select i.audience, i.project_id, d.guest_name, d.guest_email, d.share_id,
                                        (select count(*)::int from public.item_recipients r where r.item_id = i.id) as recipients
                                 from public.items i join public.documents d on d.item_id = i.id where i.id = any(${[first.json.id, second.json.id]}::uuid[])`
    for (const r of rows) expect(r).toEqual({ audience: 'people', project_id: f.projects.a, guest_name: 'Erika Bank', guest_email: 'erika@bank.example', share_id: created.json.id, recipients: 0 })
    // The client's own people do not see them (the firm only).
    const member = await call(documentsApp, 'GET', `/functions/v1/documents?projectId=${f.projects.a}`, { cookie: f.cookies.client_a_owner })
    expect(member.json.documents.map((d: { id: string }) => d.id)).not.toContain(first.json.id)
    const detail = await as('clerk_a', 'GET', `/${created.json.id}`)
    expect(detail.json).toMatchObject({ kind: 'upload', uploads: 2, maxFiles: 3 })
    expect(detail.json.received.map((r: { filename: string; guestName: string }) => [r.filename, r.guestName]).sort()).toEqual([['Kontoauszug.pdf', 'Erika Bank'], ['Scan.png', 'Erika Bank']])
    expect(detail.json.accesses.filter((a: { action: string }) => a.action === 'uploaded')).toHaveLength(2)
    const downloaded = await call(documentsApp, 'GET', `/functions/v1/documents/${first.json.id}/file`, { cookie: f.cookies.clerk_a })
    expect(downloaded.text).toBe(pdfBody('Kontoauszug').toString('utf8'))
    expect((await ctx.owner`select count(*)::int as n from public.audit_log where action = 'share.uploaded'`)[0]!.n).toBe(2)

    // The third file fills the link; a fourth is refused.
    expect((await upload(other.cookie, 'x.txt', Buffer.from('x'))).json.code).toBe('guest_details_required')
    await guest('POST', '/identify', { cookie: other.cookie, body: { name: 'Zweiter', email: 'z@bank.example' } })
    expect((await upload(other.cookie, 'Notiz.txt', Buffer.from('Hallo'))).status).toBe(201)
    const full = await upload(other.cookie, 'Noch.txt', Buffer.from('mehr'))
    expect(full.status).toBe(409)
    expect(full.json.code).toBe('upload_limit_reached')
    // Exhausted: a new opening answers the identical 404; the open session still sees its uploads.
    expect((await open(created.token!, PASSWORD)).text).toBe(await identicalNotFound())
    expect((await guest('GET', '/view', { cookie: other.cookie })).json).toMatchObject({ remainingFiles: 0, uploads: [{ filename: 'Notiz.txt' }] })
    expect((await as('clerk_a', 'GET', `/${created.json.id}`)).json.status).toBe('exhausted')
  })

  it('a link for a request marks the request submitted; the per-file cap holds on the stream', async () => {
    const request = await f.freshRequest()
    await ctx.owner`update public.document_requests set status = 'open' where item_id = ${request}`
    const created = await link('lawyer', { requestId: request, maxFileBytes: 100 })
    expect(created.status).toBe(201)
    const g = await open(created.token!)
    await guest('POST', '/identify', { cookie: g.cookie, body: { name: 'Max Käufer', email: 'max@kanzlei-b.example' } })
    const big = await upload(g.cookie, 'Gross.pdf', Buffer.concat([pdfBody('gross'), Buffer.alloc(200, 0x20)]))
    expect(big.status).toBe(413)
    expect(big.json.code).toBe('payload_too_large')
    const ok = await upload(g.cookie, 'Antwort.pdf', pdfBody('Antwort'))
    expect(ok.status).toBe(201)
    const [doc] = await ctx.owner`select d.request_id, i.project_id from public.documents d join public.items i on i.id = d.item_id where d.item_id = ${ok.json.id}`
    expect(doc).toEqual({ request_id: request, project_id: null })
    expect((await ctx.owner`select status from public.document_requests where item_id = ${request}`)[0]!.status).toBe('submitted')
    expect((await ctx.owner`select count(*)::int as n from public.documents where share_id = ${created.json.id}`)[0]!.n).toBe(1)
  })

  it('revoked and expired links answer the identical 404, also to an open guest session', async () => {
    const nf = await identicalNotFound()
    const revoked = await link('clerk_a', {})
    const g = await open(revoked.token!)
    await guest('POST', '/identify', { cookie: g.cookie, body: { name: 'Erika', email: 'e@bank.example' } })
    expect((await as('clerk_a', 'POST', `/${revoked.json.id}/revoke`, {})).json).toEqual({ revoked: true })
    const late = await upload(g.cookie, 'Spät.pdf', pdfBody('spät'))
    expect(late.status).toBe(404)
    expect(late.text).toBe(nf)
    expect((await guest('GET', '/view', { cookie: g.cookie })).text).toBe(nf)
    expect((await guest('POST', '/identify', { cookie: g.cookie, body: { name: 'Erika', email: 'e@bank.example' } })).text).toBe(nf)
    expect((await open(revoked.token!)).text).toBe(nf)

    const expired = await link('clerk_a', {})
    const e = await open(expired.token!)
    await guest('POST', '/identify', { cookie: e.cookie, body: { name: 'Erika', email: 'e@bank.example' } })
    await ctx.owner`update public.shares set created_at = now() - interval '9 days', expires_at = now() - interval '1 day' where id = ${expired.json.id}`
    expect((await upload(e.cookie, 'Spät.pdf', pdfBody('spät'))).text).toBe(nf)
    expect((await open(expired.token!)).text).toBe(nf)
    expect((await ctx.owner`select count(*)::int as n from public.documents where share_id = any(${[revoked.json.id, expired.json.id]}::uuid[])`)[0]!.n).toBe(0)
  })

  it('mails the upload link to the recipient (the link, no target, client or file name) and says so in the audit', async () => {
    const created = await link('clerk_a', { projectId: f.projects.a, recipientEmail: 'Buchhaltung@Kaeufer.example' })
    expect(created.status).toBe(201)
    const mails = await ctx.owner`select template, to_address, locale, params from private.outbox where params ->> 'link' = ${created.json.url}`
    expect(mails).toHaveLength(1)
    expect(mails[0]).toMatchObject({ template: 'share-upload-link', to_address: 'Buchhaltung@Kaeufer.example' })
    expect(mails[0]!.params).toMatchObject({ firmName: 'Kanzlei Muster', link: created.json.url })
    const [client] = await ctx.owner`select name from public.clients where id = ${f.clients.a}`
    expect(JSON.stringify(mails[0])).not.toContain('GmbH-Gründung')
    expect(JSON.stringify(mails[0])).not.toContain(client!.name)
    const { renderMail } = await import('../../../functions/_shared/mail/templates.ts')
    const rendered = renderMail('share-upload-link', 'de', mails[0]!.params)
    expect(rendered.subject).toBe('Kanzlei Muster: Bitte laden Sie Dateien hoch')
    expect(rendered.text).toContain(created.json.url)
    const [entry] = await ctx.owner`select detail from public.audit_log where action = 'share.created' and object_id = ${created.json.id}`
    expect(entry!.detail).toMatchObject({ kind: 'upload', emailed: true })
    // Staff see the recipient in the list; a bad address changes nothing.
    const listed = (await as('clerk_a', 'GET', '')).json.shares.find((s: { id: string }) => s.id === created.json.id)
    expect(listed).toMatchObject({ kind: 'upload', recipientEmail: 'Buchhaltung@Kaeufer.example', clientName: client!.name })
    const before = (await ctx.owner`select count(*)::int as n from public.shares`)[0]!.n
    expect((await link('clerk_a', { recipientEmail: 'keine-adresse' })).json.code).toBe('validation_failed')
    expect((await ctx.owner`select count(*)::int as n from public.shares`)[0]!.n).toBe(before)
  })

  it('a download link\'s guest cannot upload', async () => {
    const res = await as('clerk_a', 'POST', '', { clientId: f.clients.a, expiresInDays: 7, documentIds: [f.documents.a_client] })
    const g = await open((res.json.url as string).split('#')[1]!)
    expect((await guest('POST', '/identify', { cookie: g.cookie, body: { name: 'X', email: 'x@y.example' } })).status).toBe(404)
    expect((await upload(g.cookie, 'a.pdf', pdfBody('a'))).text).toBe(await identicalNotFound())
    expect((await guest('GET', '/view', { cookie: g.cookie })).json.kind).toBe('download')
  })
})
