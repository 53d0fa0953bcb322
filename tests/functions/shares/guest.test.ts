import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../../functions/shares/app.ts'
import { buildDocumentFixture, type DocPerson, type DocumentFixture, type DocumentName } from '../../helpers/document-fixture.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { call } from '../../helpers/http.ts'
import { sweepGuestSessions } from '../../../functions/shares/service/sweep-sessions.ts'

let ctx: TestContext
let f: DocumentFixture
beforeAll(async () => {
  ctx = await createTestContext()
  f = await buildDocumentFixture(ctx)
  await ctx.owner`insert into public.firm_settings (id, firm_name) values (1, 'Kanzlei Muster') on conflict (id) do nothing`
})
afterAll(() => ctx.close())

const PASSWORD = 'Wolkenkratzer-Fahrradkette 2031!'
const as = (who: DocPerson, method: string, path: string, body?: unknown) => call(app, method, `/functions/v1/shares${path}`, { cookie: f.cookies[who], body })
async function share(who: DocPerson, body: Record<string, unknown>) {
  const res = await as(who, 'POST', '', { clientId: f.clients.a, expiresInDays: 7, ...body })
  expect(res.status).toBe(201)
  return { id: res.json.id as string, token: (res.json.url as string).split('#')[1]! }
}
const guest = (method: string, path: string, options: { cookie?: string; body?: unknown; ip?: string; headers?: Record<string, string> } = {}) =>
  call(app, method, `/functions/v1/shares/guest${path}`, options)
async function open(token: string, password?: string, ip?: string) {
  const res = await guest('POST', '/open', { body: { token, password }, ip })
  const cookie = /portal_guest=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1]
  return { ...res, cookie: cookie ? `portal_guest=${cookie}` : undefined }
}
const notFoundBody = async () => (await guest('POST', '/open', { body: { token: 'x'.repeat(43) }, ip: '198.51.100.99' })).text

describe('a guest reads exactly the shared files', () => {
  it('asks for the password, then shows the files and 404 for any other id', async () => {
    const s = await share('client_a_owner', { documentIds: [f.documents.a_client, f.documents.a_upload], password: PASSWORD })
    expect((await open(s.token)).json).toEqual({ step: 'password' })
    const wrong = await open(s.token, 'falsch-falsch-falsch')
    expect(wrong.status).toBe(401)
    expect(wrong.json.code).toBe('password_wrong')
    const ok = await open(s.token, PASSWORD)
    expect(ok.json).toEqual({ step: 'open' })
    expect(ok.headers.get('set-cookie')).toMatch(/HttpOnly/i)
    expect(ok.headers.get('set-cookie')).toMatch(/SameSite=Strict/i)
    expect(ok.headers.get('set-cookie')).toMatch(/Path=\/functions\/v1\/shares\/guest/)

    const view = await guest('GET', '/view', { cookie: ok.cookie })
    expect(view.json).toMatchObject({ firmName: 'Kanzlei Muster', remainingDownloads: null, title: '2 Dokumente' })
    expect(view.json.files.map((x: { id: string }) => x.id).sort()).toEqual([f.documents.a_client, f.documents.a_upload].sort())
    expect(view.json.files[0]).toMatchObject({ filename: 'a_client-v2.pdf', mediaType: 'application/pdf', size: f.bodies.a_client[1].length })

    const file = await app.request(`http://localhost/functions/v1/shares/guest/files/${f.documents.a_client}`, { headers: { cookie: ok.cookie! } })
    expect(file.status).toBe(200)
    expect(Buffer.from(await file.arrayBuffer()).equals(f.bodies.a_client[1])).toBe(true)
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="a_client-v2.pdf"/)
    expect(file.headers.get('content-security-policy')).toMatch(/^sandbox/)
    expect(file.headers.get('x-content-type-options')).toBe('nosniff')

    const identical = await notFoundBody()
    for (const other of ['a_internal', 'a_project', 'b_client', 'a_people'] as DocumentName[]) {
      const res = await guest('GET', `/files/${f.documents[other]}`, { cookie: ok.cookie })
      expect(res.status).toBe(404)
      expect(res.text).toBe(identical)
    }
    expect((await guest('GET', '/files/not-a-uuid', { cookie: ok.cookie })).text).toBe(identical)
    expect((await guest('GET', '/zip', { cookie: ok.cookie })).text).toBe(identical)
    // The guest cookie is no session for the signed-in routes.
    expect((await call(app, 'GET', '/functions/v1/shares', { cookie: ok.cookie })).status).toBe(401)

    const log = (await as('client_a_owner', 'GET', `/${s.id}`)).json.accesses.map((a: { action: string; filename?: string }) => [a.action, a.filename ?? null])
    expect(log).toEqual([['downloaded', 'a_client-v2.pdf'], ['opened', null], ['denied', null]])
    const actions = (await ctx.owner`select action from public.audit_log where object_id = ${s.id} order by id`).map((r) => r.action)
    expect(actions).toEqual(['share.created', 'share.password_failed', 'share.opened', 'share.downloaded'])
  })

  it('counts downloads: limit 2 → the third is refused; limit 1 with two at once → exactly one', async () => {
    const s = await share('clerk_a', { groupId: f.groups.g_client, maxDownloads: 2 })
    const { cookie } = await open(s.token)
    expect((await guest('GET', '/view', { cookie })).json).toMatchObject({ remainingDownloads: 2, isGroup: true })
    expect((await guest('GET', `/files/${f.documents.a_internal}`, { cookie })).status).toBe(200)
    const zip = await app.request('http://localhost/functions/v1/shares/guest/zip', { headers: { cookie: cookie! } })
    expect(zip.status).toBe(200)
    expect(Buffer.from(await zip.arrayBuffer()).subarray(0, 2).toString()).toBe('PK')
    expect((await guest('GET', `/files/${f.documents.a_client}`, { cookie })).text).toBe(await notFoundBody())
    expect((await guest('GET', '/view', { cookie })).status).toBe(404)
    expect((await open(s.token)).text).toBe(await notFoundBody())
    expect((await as('clerk_a', 'GET', `/${s.id}`)).json).toMatchObject({ status: 'exhausted', downloads: 2 })

    const one = await share('clerk_a', { documentIds: [f.documents.a_client], maxDownloads: 1 })
    const c1 = (await open(one.token)).cookie
    const results = await Promise.all([1, 2].map(() => guest('GET', `/files/${f.documents.a_client}`, { cookie: c1 })))
    expect(results.map((r) => r.status).sort()).toEqual([200, 404])
    expect((await ctx.owner`select downloads from public.shares where id = ${one.id}`)[0]!.downloads).toBe(1)
  })

  it('revocation ends an open guest session on its next request; expired links answer the identical 404', async () => {
    const s = await share('client_a_owner', { documentIds: [f.documents.a_client], password: PASSWORD })
    const { cookie } = await open(s.token, PASSWORD)
    expect((await guest('GET', '/view', { cookie })).status).toBe(200)
    expect((await as('client_a_owner', 'POST', `/${s.id}/revoke`, {})).status).toBe(200)
    const identical = await notFoundBody()
    for (const path of ['/view', `/files/${f.documents.a_client}`]) expect((await guest('GET', path, { cookie })).text).toBe(identical)
    expect((await open(s.token, PASSWORD)).text).toBe(identical)

    const e = await share('clerk_a', { documentIds: [f.documents.a_client] })
    const opened = await open(e.token)
    await ctx.owner`update public.shares set created_at = now() - interval '10 days', expires_at = now() - interval '1 second' where id = ${e.id}`
    expect((await guest('GET', '/view', { cookie: opened.cookie })).text).toBe(identical)
    const expired = await open(e.token)
    expect(expired.status).toBe(404)
    expect(expired.text).toBe(identical)
  })

  it('the sweeper removes guest sessions past their end, and only those', async () => {
    const s = await share('clerk_a', { documentIds: [f.documents.a_client] })
    const live = await open(s.token)
    const gone = await open(s.token)
    const sessionIds = async () =>
      (await ctx.owner`select id from private.share_sessions where share_id = ${s.id} order by created_at`).map((r) => r.id as string)
    const [first, second] = await sessionIds()
    await ctx.owner`update private.share_sessions set expires_at = now() - interval '1 minute' where id = ${second!}`
    const [{ due }] = (await ctx.owner`select count(*)::int as due from private.share_sessions where expires_at < now()`) as unknown as [{ due: number }]
    expect(await sweepGuestSessions(ctx.runtime)).toBe(due)
    expect(await sessionIds()).toEqual([first])
    expect((await guest('GET', '/view', { cookie: gone.cookie })).status).toBe(404)
    expect((await guest('GET', '/view', { cookie: live.cookie })).status).toBe(200)
  })

  it('mails the creator on first access only, and asks the recipient for a mailed code', async () => {
    const s = await share('client_a_owner', { documentIds: [f.documents.a_client], password: PASSWORD, recipientEmail: 'kredit@bank.example', requireEmailCode: true, notifyOnFirstAccess: true })
    const step = await open(s.token, PASSWORD)
    expect(step.json).toEqual({ step: 'email_code', emailHint: 'k***@bank.example' })
    expect((await guest('GET', '/view', { cookie: step.cookie })).status).toBe(404)
    const [mail] = await ctx.owner`select params from private.outbox where template = 'share-code' and to_address = 'kredit@bank.example'`
    const code = mail!.params.code as string
    const wrongCode = code === '000000' ? '111111' : '000000'
    expect((await guest('POST', '/verify', { cookie: step.cookie, body: { code: wrongCode } })).json.code).toBe('code_wrong')
    expect(await ctx.owner`select 1 from private.outbox where template = 'share-accessed'`).toHaveLength(0)
    expect((await guest('POST', '/verify', { cookie: step.cookie, body: { code } })).json).toEqual({ step: 'open' })
    expect((await guest('GET', '/view', { cookie: step.cookie })).status).toBe(200)
    await open(s.token, PASSWORD)
    const notices = await ctx.owner`select to_address, params from private.outbox where template = 'share-accessed'`
    expect(notices.map((n) => n.to_address)).toEqual([f.people.client_a_owner.email])
    expect(JSON.stringify(notices)).not.toMatch(/a_client|Dokument/)
  })
})
