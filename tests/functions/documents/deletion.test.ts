import { randomBytes } from 'node:crypto'
import { access } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app as clientsApp } from '../../../functions/clients/app.ts'
import { app } from '../../../functions/documents/app.ts'
import { cleanUpDeletedBlobs } from '../../../functions/documents/service/delete-document.ts'
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

const pdf = () => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(800)])
async function call(as: Person, method: string, p: string, body?: unknown, raw?: BodyInit, target = app, base = '/functions/v1/documents') {
  const res = await target.request(`${ORIGIN}${base}${p}`, {
    method,
    headers: { origin: ORIGIN, cookie: f.cookies[as], 'content-type': raw ? 'application/octet-stream' : 'application/json' },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  })
  return { status: res.status, json: await res.json() }
}
async function upload(as: Person, query: Record<string, string> = {}) {
  const res = await call(as, 'POST', `?${new URLSearchParams({ clientId: f.clients.a, filename: 'Datei.pdf', category: 'Belege', ...query })}`, undefined, pdf())
  expect(res.status).toBe(201)
  return res.json.id as string
}
const blobsOf = async (id: string) => (await ctx.owner`select blob_name from public.document_versions where item_id = ${id}`).map((r) => r.blob_name as string)
const blobExists = (name: string) => access(path.join(ctx.dataDir, 'blobs', name.slice(0, 2), name)).then(() => true, () => false)
/** Moves a document's versions into the past (the database decides retention by its own clock). */
const age = (id: string, interval: string) => ctx.owner`update public.document_versions set created_at = now() - ${interval}::interval where item_id = ${id}`
const audits = (id: string) => ctx.owner`select action, result, detail from public.audit_log where object_id = ${id} order by id`

describe('clients delete softly', () => {
  it('the uploader’s delete hides the document from the client’s side; staff see who and when and restore it', async () => {
    const id = await upload('client_a_member')
    const [blob] = await blobsOf(id)
    const deleted = await call('client_a_member', 'POST', `/${id}/delete`, {})
    expect(deleted.status).toBe(200)
    expect(deleted.json).toMatchObject({ deleted: 'soft', deletedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) })
    for (const who of ['client_a_member', 'client_a_owner', 'client_a_manager'] as const) {
      expect((await call(who, 'GET', `/${id}`)).status).toBe(404)
      expect((await call(who, 'GET', `/${id}/file`)).status).toBe(404)
      expect((await call(who, 'GET', `?clientId=${f.clients.a}`)).json.documents.map((d: { id: string }) => d.id)).not.toContain(id)
    }
    expect((await call('client_a_member', 'GET', `/items/${id}`, undefined, undefined, clientsApp, '/functions/v1/clients')).status).toBe(404)
    expect(await blobExists(blob!)).toBe(true)

    const seen = await call('clerk_a', 'GET', `/${id}/lifecycle`)
    expect(seen.json.deleted).toMatchObject({ at: deleted.json.deletedAt, by: { id: f.people.client_a_member.id, displayName: 'client_a_member' } })
    expect((await call('clerk_a', 'GET', `?clientId=${f.clients.a}`)).json.documents.find((d: { id: string }) => d.id === id)).toMatchObject({ deleted: true })
    expect((await call('client_a_member', 'POST', `/${id}/delete`, {})).status).toBe(404)

    expect((await call('client_a_member', 'POST', `/${id}/restore`, {})).status).toBe(404)
    expect((await call('clerk_a', 'POST', `/${id}/restore`, {})).json).toEqual({ restored: true })
    expect((await call('client_a_owner', 'GET', `/${id}`)).status).toBe(200)
    const again = await call('clerk_a', 'POST', `/${id}/restore`, {})
    expect([again.status, again.json.code]).toEqual([409, 'not_deleted'])
    expect((await audits(id)).map((a) => a.action)).toEqual(['document.uploaded', 'document.deleted_softly', 'document.restored'])
  })

  it.each([
    ['client_a_owner', 'a member’s upload', 'client_a_member'],
    ['client_a_viewer', 'a member’s upload', 'client_a_member'],
    ['client_b_owner', 'another client’s upload', 'client_a_member'],
    ['client_a_member', 'the firm’s delivery', 'clerk_a'],
  ] as const)('%s cannot delete %s', async (who, _, uploader) => {
    const id = await upload(uploader)
    expect((await call(who, 'POST', `/${id}/delete`, {})).status).toBe(404)
    const [doc] = await ctx.owner`select deleted_at from public.documents where item_id = ${id}`
    expect(doc!.deleted_at).toBeNull()
  })

  it('withdrawing the only answer reopens the request; an accepted answer stays', async () => {
    const request = await call('clerk_a', 'POST', '/requests', { clientId: f.clients.a, title: 'Mietvertrag' })
    const answer = await upload('client_a_member', { requestId: request.json.id, category: '' })
    const status = async () => (await ctx.owner`select status from public.document_requests where item_id = ${request.json.id}`)[0]!.status
    expect(await status()).toBe('submitted')
    expect((await call('client_a_member', 'POST', `/${answer}/delete`, {})).status).toBe(200)
    expect(await status()).toBe('open')
    const second = await upload('client_a_member', { requestId: request.json.id, category: '' })
    expect((await call('clerk_a', 'POST', `/requests/${request.json.id}/accept`, {})).status).toBe(200)
    const refused = await call('client_a_member', 'POST', `/${second}/delete`, {})
    expect([refused.status, refused.json.code]).toEqual([409, 'request_accepted'])
  })
})

describe('staff delete for good, retention-aware', () => {
  it('a document uploaded by mistake in the last 24 hours: rows, then the blobs of every version, gone; audited with the reason', async () => {
    const id = await upload('clerk_a')
    expect((await call('clerk_a', 'POST', `/${id}/versions?filename=Datei-v2.pdf`, undefined, pdf())).status).toBe(201)
    const blobs = await blobsOf(id)
    expect(blobs).toHaveLength(2)
    const noReason = await call('clerk_a', 'POST', `/${id}/delete`, {})
    expect([noReason.status, noReason.json.code]).toEqual([400, 'reason_required'])
    expect(await blobsOf(id)).toHaveLength(2)

    const res = await call('clerk_a', 'POST', `/${id}/delete`, { reason: 'Falscher Mandant' })
    expect(res.json).toEqual({ deleted: 'hard', versions: 2 })
    expect(await ctx.owner`select 1 from public.items where id = ${id}`).toHaveLength(0)
    for (const b of blobs) expect(await blobExists(b)).toBe(false)
    const trail = await audits(id)
    expect(trail.at(-1)).toMatchObject({ action: 'document.deleted', result: 'ok', detail: { reason: 'Falscher Mandant', versions: 2 } })
    // The queue rows of the removed blobs are settled by the next cleanup.
    expect(await cleanUpDeletedBlobs(ctx.runtime)).toBe(2)
    expect(await ctx.owner`select 1 from private.blob_deletions`).toHaveLength(0)
  })

  it('refuses while the retention period runs (audited as denied) and deletes once it is over', async () => {
    const id = await upload('client_a_member')
    await age(id, '2 days')
    const preview = await call('clerk_a', 'GET', `/${id}/lifecycle`)
    expect(preview.json.delete).toEqual({ mode: 'hard', allowed: false, blockedBy: 'retention_period_running' })
    const [expected] = await ctx.owner`select max(created_at) + interval '6 years' as t from public.document_versions where item_id = ${id}`
    expect(new Date(preview.json.retention.endsAt).getTime()).toBe((expected!.t as Date).getTime())
    const refused = await call('clerk_a', 'POST', `/${id}/delete`, { reason: 'Aufräumen' })
    expect([refused.status, refused.json.code]).toEqual([409, 'retention_period_running'])
    expect(await blobsOf(id)).toHaveLength(1)
    expect((await audits(id)).at(-1)).toMatchObject({ action: 'document.deleted', result: 'denied', detail: { code: 'retention_period_running', reason: 'Aufräumen' } })

    await age(id, '6 years 1 day')
    expect((await call('clerk_a', 'GET', `/${id}/lifecycle`)).json.delete.allowed).toBe(true)
    expect((await call('clerk_a', 'PATCH', '/retention', { retentionYears: 10 })).status).toBe(404)
    expect((await call('lawyer', 'PATCH', '/retention', { retentionYears: 10 })).json).toEqual({ retentionYears: 10 })
    expect((await call('clerk_a', 'POST', `/${id}/delete`, { reason: 'Aufräumen' })).json.code).toBe('retention_period_running')
    expect((await call('lawyer', 'PATCH', '/retention', { retentionYears: 6 })).status).toBe(200)
    expect((await call('clerk_a', 'POST', `/${id}/delete`, { reason: 'Aufbewahrungsfrist abgelaufen' })).json).toEqual({ deleted: 'hard', versions: 1 })
  })

  it('a legal hold blocks every delete, also through the generic item route; only the firm sees it', async () => {
    const fresh = await upload('clerk_a')
    const old = await upload('clerk_a')
    await age(old, '7 years')
    expect((await call('client_a_owner', 'POST', '/retention/legal-hold', { clientId: f.clients.a, reason: 'Rechtsstreit' })).status).toBe(404)
    const placed = await call('clerk_a', 'POST', '/retention/legal-hold', { clientId: f.clients.a, reason: 'Rechtsstreit anhängig' })
    expect(placed.status).toBe(201)
    expect((await call('clerk_a', 'POST', '/retention/legal-hold', { clientId: f.clients.a, reason: 'Noch einmal' })).json.code).toBe('legal_hold_exists')

    for (const id of [fresh, old]) {
      const res = await call('clerk_a', 'POST', `/${id}/delete`, { reason: 'Versehen' })
      expect([res.status, res.json.code]).toEqual([409, 'legal_hold'])
      expect((await call('lawyer', 'GET', `/${id}/lifecycle`)).json.retention.legalHold).toBe(true)
    }
    const generic = await call('clerk_a', 'DELETE', `/items/${fresh}`, undefined, undefined, clientsApp, '/functions/v1/clients')
    expect([generic.status, generic.json.code]).toEqual([409, 'legal_hold'])
    expect(await blobsOf(fresh)).toHaveLength(1)

    expect((await call('clerk_a', 'GET', `/retention?clientId=${f.clients.a}`)).json.legalHold).toMatchObject({ reason: 'Rechtsstreit anhängig', placedByName: 'clerk_a' })
    expect((await call('client_a_owner', 'GET', `/retention?clientId=${f.clients.a}`)).json).toEqual({ retentionYears: 6, legalHold: null })
    expect((await call('client_a_owner', 'POST', '/retention/legal-hold/lift', { clientId: f.clients.a })).status).toBe(404)
    expect((await call('clerk_a', 'POST', '/retention/legal-hold/lift', { clientId: f.clients.a })).json).toEqual({ legalHold: null })
    expect((await call('clerk_a', 'POST', `/${old}/delete`, { reason: 'Frist abgelaufen' })).status).toBe(200)
    expect((await ctx.owner`select action from public.audit_log where object_id = ${f.clients.a} order by id`).map((r) => r.action)).toEqual(['legal_hold.placed', 'legal_hold.lifted'])
  })

  it('blobs left behind (a delete through another path, a crash after the commit) are found and removed by the cleanup', async () => {
    await cleanUpDeletedBlobs(ctx.runtime) // settles what the tests before queued
    const viaItems = await upload('clerk_a')
    const crashed = await upload('clerk_a')
    const blobs = [...(await blobsOf(viaItems)), ...(await blobsOf(crashed))]
    expect((await call('clerk_a', 'DELETE', `/items/${viaItems}`, undefined, undefined, clientsApp, '/functions/v1/clients')).status).toBe(200)
    // As if the server died between the commit and removing the blob.
    await ctx.owner`delete from public.items where id = ${crashed}`
    for (const b of blobs) expect(await blobExists(b)).toBe(true)
    expect((await ctx.owner`select blob_name from private.blob_deletions`).map((r) => r.blob_name).sort()).toEqual([...blobs].sort())

    expect(await cleanUpDeletedBlobs(ctx.runtime)).toBe(2)
    for (const b of blobs) expect(await blobExists(b)).toBe(false)
    expect(await cleanUpDeletedBlobs(ctx.runtime)).toBe(0)
  })

  it('a client member cannot delete for good, not even in SQL', async () => {
    const id = await upload('client_a_member')
    const rows = await ctx.db.asUser(f.people.client_a_owner.claims, (tx) => tx`delete from public.items where id = ${id} returning id`)
    expect(rows).toHaveLength(0)
    expect(await blobsOf(id)).toHaveLength(1)
  })
})
