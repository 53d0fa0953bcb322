import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../../functions/shares/app.ts'
import { buildDocumentFixture, type DocPerson, type DocumentFixture } from '../../helpers/document-fixture.ts'
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
const as = (who: DocPerson, method: string, path: string, body?: unknown) => call(app, method, `/functions/v1/shares${path}`, { cookie: f.cookies[who], body })
const create = (who: DocPerson, body: Record<string, unknown>) => as(who, 'POST', '', { clientId: f.clients.a, expiresInDays: 7, ...body })
const shareCount = async () => Number((await ctx.owner`select count(*)::int as n from public.shares`)[0]!.n)

describe('who may create a share link', () => {
  it.each([
    { who: 'client_a_owner', doc: 'a_client', status: 201 },
    { who: 'client_a_manager', doc: 'a_upload', status: 201 },
    { who: 'clerk_a', doc: 'a_internal', status: 201 },
    // members and viewers lack shares.create; the delegate's rights are narrowed without it
    { who: 'client_a_member', doc: 'a_client', status: 404 },
    { who: 'client_a_viewer', doc: 'a_client', status: 404 },
    { who: 'client_a_delegate', doc: 'a_client', status: 404 },
    // objects the caller cannot see, another client, people without a client
    { who: 'client_a_owner', doc: 'a_internal', status: 404 },
    { who: 'client_b_owner', doc: 'a_client', status: 404 },
    { who: 'clerk_b', doc: 'a_client', status: 404 },
    { who: 'tax_adviser', doc: 'a_people', status: 404 },
    { who: 'outsider', doc: 'a_client', status: 404 },
    { who: 'client_a_late', doc: 'a_client', status: 403 },
  ] as const)('$who sharing $doc → $status', async ({ who, doc, status }) => {
    const before = await shareCount()
    const res = await create(who, { documentIds: [f.documents[doc]], password: PASSWORD })
    expect(res.status).toBe(status)
    if (status === 201) {
      expect(res.json.url).toMatch(/^http:\/\/localhost\/freigabe#[A-Za-z0-9_-]{43}$/)
      const [row] = await ctx.owner`select token_hash, password_hash from public.shares where id = ${res.json.id}`
      // Only the token's HMAC is stored; the password as Argon2id.
      expect(row!.token_hash).toHaveLength(32)
      expect(JSON.stringify(row)).not.toContain(res.json.url.split('#')[1])
      expect(row!.password_hash).toMatch(/^\$argon2id\$/)
      const [entry] = await ctx.owner`select action, actor_id from public.audit_log where object_id = ${res.json.id}`
      expect(entry).toEqual({ action: 'share.created', actor_id: f.people[who].id })
    } else {
      expect(await shareCount()).toBe(before)
    }
  })

  it('shares a group as the entries its creator sees, not the internal ones', async () => {
    const res = await create('client_a_owner', { groupId: f.groups.g_client, password: PASSWORD })
    expect(res.status).toBe(201)
    const items = await ctx.owner`select document_id from public.share_items where share_id = ${res.json.id} order by document_id`
    expect(items.map((i) => i.document_id).sort()).toEqual([f.documents.a_client, f.documents.a_project].sort())
    expect((await create('client_b_owner', { groupId: f.groups.g_client, password: PASSWORD })).status).toBe(404)
  })
})

describe('the admin policy is enforced on the server', () => {
  it('needs a password and a short expiry from clients; staff up to the firm maximum', async () => {
    const doc = [f.documents.a_client]
    expect((await create('client_a_owner', { documentIds: doc })).json.code).toBe('password_required')
    expect((await create('client_a_owner', { documentIds: doc, password: PASSWORD, expiresInDays: 15 })).json.code).toBe('expiry_too_long')
    expect((await create('client_a_owner', { documentIds: doc, password: 'passwort1234567' })).json).toMatchObject({ code: 'password_rejected', status: 422 })
    expect((await create('client_a_owner', { documentIds: doc, password: PASSWORD, expiresInDays: 14 })).status).toBe(201)
    expect((await create('clerk_a', { documentIds: doc, expiresInDays: 31 })).json).toMatchObject({ code: 'expiry_too_long', status: 422 })
    expect((await create('clerk_a', { documentIds: doc, expiresInDays: 30 })).status).toBe(201)
    expect((await create('clerk_a', { documentIds: doc, groupId: f.groups.g_client })).json.code).toBe('validation_failed')
    expect((await create('clerk_a', { documentIds: doc, surprise: 1 })).json.code).toBe('validation_failed')

    expect((await as('client_a_owner', 'GET', `/policy?clientId=${f.clients.a}`)).json).toEqual({ canShare: true, defaultDays: 7, maxDays: 14, requirePassword: true, maxDaysForClients: 14, clientRequirePassword: true })
    expect((await as('client_a_member', 'GET', `/policy?clientId=${f.clients.a}`)).json.canShare).toBe(false)
    expect((await as('clerk_a', 'GET', `/policy?clientId=${f.clients.a}`)).json).toMatchObject({ canShare: true, maxDays: 30, requirePassword: false })

    expect((await as('clerk_a', 'PATCH', '/policy', { clientRequirePassword: false })).status).toBe(404)
    expect((await as('lawyer', 'PATCH', '/policy', { clientRequirePassword: false, clientMaxDays: 3 })).json).toEqual({ maxDays: 30, clientRequirePassword: false, clientMaxDays: 3 })
    expect((await create('client_a_owner', { documentIds: doc, expiresInDays: 3 })).status).toBe(201)
    expect((await create('client_a_owner', { documentIds: doc, expiresInDays: 4 })).json.code).toBe('expiry_too_long')
    await as('lawyer', 'PATCH', '/policy', { clientRequirePassword: true, clientMaxDays: 14 })
  })
})

describe('listing, the access log and revocation', () => {
  it('shows creators their shares and staff all of their clients; only they revoke', async () => {
    const mine = await create('client_a_manager', { documentIds: [f.documents.a_client], password: PASSWORD, maxDownloads: 3, recipientEmail: 'bank@bank.example', notifyOnFirstAccess: true })
    expect(mine.status).toBe(201)
    const list = (await as('client_a_manager', 'GET', `?clientId=${f.clients.a}`)).json.shares
    expect(list.every((s: { createdBy: { id: string } }) => s.createdBy.id === f.people.client_a_manager.id)).toBe(true)
    expect(list.find((s: { id: string }) => s.id === mine.json.id)).toMatchObject({
      status: 'active', hasPassword: true, maxDownloads: 3, downloads: 0, recipientEmail: 'bank@bank.example',
      items: [{ kind: 'document', id: f.documents.a_client, title: 'Dokument a_client' }], lastAccessAt: null,
    })
    expect((await as('clerk_a', 'GET', '')).json.shares.map((s: { id: string }) => s.id)).toContain(mine.json.id)
    // Staff's list names the client of every share.
    const [clientA] = await ctx.owner`select name from public.clients where id = ${f.clients.a}`
    expect((await as('clerk_a', 'GET', '')).json.shares.find((s: { id: string }) => s.id === mine.json.id).clientName).toBe(clientA!.name)
    for (const who of ['client_a_owner', 'client_b_owner', 'clerk_b', 'client_a_member'] as const) {
      expect((await as(who, 'GET', `/${mine.json.id}`)).status).toBe(404)
      expect((await as(who, 'POST', `/${mine.json.id}/revoke`, {})).status).toBe(404)
    }
    expect((await as('clerk_a', 'GET', `/${mine.json.id}`)).json.accesses).toEqual([])

    // The link mail: to the recipient, with the link, without a title or file name.
    const [mail] = await ctx.owner`select template, to_address, params from private.outbox where template = 'share-link'`
    expect(mail).toMatchObject({ template: 'share-link', to_address: 'bank@bank.example' })
    expect(mail!.params.link).toBe(mine.json.url)
    expect(JSON.stringify(mail)).not.toMatch(/a_client|Dokument/)

    expect((await as('client_a_manager', 'POST', `/${mine.json.id}/revoke`, {})).json).toEqual({ revoked: true })
    expect((await as('clerk_a', 'GET', `/${mine.json.id}`)).json.status).toBe('revoked')
    const [entry] = await ctx.owner`select actor_id from public.audit_log where action = 'share.revoked' and object_id = ${mine.json.id}`
    expect(entry!.actor_id).toBe(f.people.client_a_manager.id)
  })
})

describe('the link mail through the API (once per share; the sender the recipient reads)', () => {
  const mailsFor = (url: string) => ctx.owner`select template, to_address, params from private.outbox where params ->> 'link' = ${url}`

  it('mails a staff member\'s share once, naming them; a client\'s share names no one; neither can be mailed again', async () => {
    const [clerk] = await ctx.owner`select display_name from public.accounts where id = ${f.people.clerk_a.id}`
    const staff = await create('clerk_a', { documentIds: [f.documents.a_client], password: PASSWORD, recipientEmail: 'einmal@bank.example' })
    expect(staff.status).toBe(201)
    const staffMails = await mailsFor(staff.json.url)
    expect(staffMails).toHaveLength(1)
    expect(staffMails[0]).toMatchObject({ template: 'share-link', to_address: 'einmal@bank.example', params: { sender: clerk!.display_name, firmName: 'Kanzlei Muster' } })

    // A client user whose display name carries an address: the mail names only the firm's portal.
    const [owner] = await ctx.owner`select display_name from public.accounts where id = ${f.people.client_a_owner.id}`
    await ctx.owner`update public.accounts set display_name = 'Ihre Bank https://evil.example' where id = ${f.people.client_a_owner.id}`
    try {
      const client = await create('client_a_owner', { documentIds: [f.documents.a_client], password: PASSWORD, recipientEmail: 'zwei@bank.example' })
      expect(client.status).toBe(201)
      const clientMails = await mailsFor(client.json.url)
      expect(clientMails).toHaveLength(1)
      expect(clientMails[0]!.params).not.toHaveProperty('sender')
      expect(JSON.stringify(clientMails[0])).not.toContain('evil')
      const { renderMail } = await import('../../../functions/_shared/mail/templates.ts')
      expect(renderMail('share-link', 'de', clientMails[0]!.params).text).toContain('Über das Mandantenportal von Kanzlei Muster wurden Dateien für Sie freigegeben.')
      // Calling the mail function again later, in direct SQL, is refused and queues nothing.
      const token = (client.json.url as string).split('#')[1]!
      await expect(ctx.db.asUser(f.people.client_a_owner.claims, (tx) => tx`select private.enqueue_share_link_mail(${client.json.id}, ${`/freigabe#${token}`})`))
        .rejects.toMatchObject({ code: '55000' })
      expect(await mailsFor(client.json.url)).toHaveLength(1)
    } finally {
      await ctx.owner`update public.accounts set display_name = ${owner!.display_name} where id = ${f.people.client_a_owner.id}`
    }
  })
})
