import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../../functions/operations/app.ts'
import { queueRetentionNotices } from '../../../functions/operations/service/retention-notices.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { buildDocumentFixture, type DocPerson, type DocumentFixture } from '../../helpers/document-fixture.ts'
import { call } from '../../helpers/http.ts'

let ctx: TestContext
let f: DocumentFixture
beforeAll(async () => {
  ctx = await createTestContext()
  f = await buildDocumentFixture(ctx)
  // Client A came to the firm in 2018 (the retention tests record a mandate end in 2019).
  await ctx.owner`update public.clients set created_at = '2018-06-01T10:00:00+02' where id = ${f.clients.a}`
})
afterAll(() => ctx.close())

const op = (as: DocPerson, method: string, path: string, body?: unknown) => call(app, method, `/functions/v1/operations${path}`, { cookie: f.cookies[as], body })
const mails = async () => ctx.owner`select to_address, params from private.outbox where template = 'retention-due' order by created_at`
const blobExists = async (name: string) => (await ctx.runtime.blobs.size(name)) !== undefined

/** Today in the firm's time zone, shifted by some days, as YYYY-MM-DD. */
const berlinDay = (offsetDays = 0) => new Date(Date.now() + offsetDays * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' })
const mandateRow = async () => (await ctx.owner`select to_char(mandate_ended_at, 'YYYY-MM-DD') as ended, mandate_end_set_by, mandate_end_set_at from public.clients where id = ${f.clients.a}`)[0]!

describe('the mandate end and the retention proposal', () => {
  it('refuses a mandate end in the future or before the client was created — the database decides, for the API and SQL alike', async () => {
    for (const [day, code] of [[berlinDay(1), 'mandate_end_in_future'], ['2099-01-01', 'mandate_end_in_future'], ['2018-05-31', 'mandate_end_before_client']] as const) {
      const res = await op('clerk_a', 'PUT', `/clients/${f.clients.a}/mandate-end`, { mandateEndedAt: day })
      expect(res.status, day).toBe(400)
      expect(res.json.code, day).toBe(code)
      await expect(ctx.db.asUser(f.people.clerk_a.claims, (tx) => tx`update public.clients set mandate_ended_at = ${day}::date where id = ${f.clients.a}`), day).rejects.toMatchObject({ code: 'PT400', message: code })
      await expect(ctx.owner`update public.clients set mandate_ended_at = ${day}::date where id = ${f.clients.a}`, `owner ${day}`).rejects.toMatchObject({ message: code })
    }
    expect(await mandateRow()).toMatchObject({ ended: null, mandate_end_set_by: null, mandate_end_set_at: null })
    expect((await ctx.owner`select count(*)::int as n from public.audit_log where action = 'client.mandate_end_set'`)[0]!.n).toBe(0)

    // The day of creation and today are fine; the database records who set it and when.
    for (const day of ['2018-06-01', berlinDay()]) {
      const res = await op('clerk_a', 'PUT', `/clients/${f.clients.a}/mandate-end`, { mandateEndedAt: day })
      expect(res.status, day).toBe(200)
      expect(res.json).toMatchObject({ mandateEndedAt: day, mandateEndSetBy: f.people.clerk_a.name })
      expect(Math.abs(new Date(res.json.mandateEndSetAt).getTime() - Date.now())).toBeLessThan(60_000)
    }
    expect(await mandateRow()).toMatchObject({ ended: berlinDay(), mandate_end_set_by: f.people.clerk_a.id })
    // Nobody writes the record directly.
    await expect(ctx.db.asUser(f.people.clerk_a.claims, (tx) => tx`update public.clients set mandate_end_set_by = ${f.people.lawyer.id} where id = ${f.clients.a}`)).rejects.toMatchObject({ code: '42501' })
    await ctx.owner`update public.clients set mandate_end_set_by = ${f.people.lawyer.id}, mandate_end_set_at = now() - interval '1 year' where id = ${f.clients.a}`
    expect(await mandateRow()).toMatchObject({ mandate_end_set_by: f.people.clerk_a.id })
    // Cleared: no date, no record.
    expect((await op('clerk_a', 'PUT', `/clients/${f.clients.a}/mandate-end`, { mandateEndedAt: null })).json).toMatchObject({ mandateEndedAt: null, mandateEndSetBy: null, mandateEndSetAt: null })
    expect(await mandateRow()).toMatchObject({ ended: null, mandate_end_set_by: null, mandate_end_set_at: null })
  })

  it('lets the client\'s staff set the mandate end (audited); client members and other staff cannot', async () => {
    expect((await op('client_a_owner', 'PUT', `/clients/${f.clients.a}/mandate-end`, { mandateEndedAt: '2019-03-31' })).status).toBe(404)
    expect((await op('clerk_b', 'PUT', `/clients/${f.clients.a}/mandate-end`, { mandateEndedAt: '2019-03-31' })).status).toBe(404)
    expect((await op('clerk_a', 'PUT', `/clients/${f.clients.a}/mandate-end`, { mandateEndedAt: '31.03.2019' })).status).toBe(400)
    const res = await op('clerk_a', 'PUT', `/clients/${f.clients.a}/mandate-end`, { mandateEndedAt: '2019-03-31' })
    expect(res.status).toBe(200)
    // § 50 BRAO: six years from the end of the calendar year 2019 → 2026-01-01 (Berlin).
    expect(res.json).toMatchObject({ mandateEndedAt: '2019-03-31', retentionEndsAt: '2025-12-31T23:00:00.000Z', mandateEndSetBy: f.people.clerk_a.name })
    expect((await op('clerk_a', 'GET', `/clients/${f.clients.a}/retention`)).json).toMatchObject({
      mandateEndedAt: '2019-03-31', mandateEndSetBy: f.people.clerk_a.name, clientCreatedOn: '2018-06-01', retentionYears: 6, legalHold: false, mayExport: true,
    })
    for (const who of ['client_a_owner', 'clerk_b'] as const) expect((await op(who, 'GET', `/clients/${f.clients.a}/retention`)).status, who).toBe(404)
    const [audit] = await ctx.owner`select actor_id from public.audit_log where action = 'client.mandate_end_set' and client_id = ${f.clients.a}`
    expect(audit!.actor_id).toBe(f.people.clerk_a.id)
    // Directly in SQL, a client owner's update changes nothing.
    await ctx.db.asUser(f.people.client_a_owner.claims, (tx) => tx`update public.clients set mandate_ended_at = null where id = ${f.clients.a}`)
    const [row] = await ctx.owner`select mandate_ended_at from public.clients where id = ${f.clients.a}`
    expect(row!.mandate_ended_at).not.toBeNull()
  })

  it('proposes the deletion only once the retention ended by the injected clock, and mails the admins once', async () => {
    ctx.setNow(new Date('2025-12-31T22:59:00Z'))
    let list = await op('lawyer', 'GET', '/retention')
    expect(list.json.clients).toHaveLength(1)
    expect(list.json.clients[0]).toMatchObject({ id: f.clients.a, due: false, canDelete: false, legalHold: false, mandateEndSetBy: f.people.clerk_a.name })
    expect(typeof list.json.clients[0].mandateEndSetAt).toBe('string')
    expect(await queueRetentionNotices(ctx.runtime)).toBe(0)
    expect(await mails()).toHaveLength(0)

    ctx.setNow(new Date('2026-01-01T00:00:00Z'))
    list = await op('lawyer', 'GET', '/retention')
    expect(list.json.clients[0]).toMatchObject({ due: true, canDelete: true })
    expect(await queueRetentionNotices(ctx.runtime)).toBe(1)
    expect(await queueRetentionNotices(ctx.runtime)).toBe(0)
    const sent = await mails()
    expect(sent.map((m) => m.to_address)).toEqual([f.people.lawyer.email])
    expect(sent[0]!.params).toMatchObject({ count: '1' })
    expect(sent[0]!.params.link).toMatch(/\/verwaltung\/aufbewahrung$/)
    expect(JSON.stringify(sent[0]!.params)).not.toContain('Alpha')

    // The assigned clerk sees the proposal but may not delete; staff of another client and the client's people see nothing.
    expect((await op('clerk_a', 'GET', '/retention')).json.clients[0]).toMatchObject({ due: true, canDelete: false })
    for (const who of ['clerk_b', 'client_a_owner', 'tax_adviser'] as const) expect((await op(who, 'GET', '/retention')).json.clients, who).toEqual([])
  })
})

describe('deleting a client after its retention', () => {
  it('is blocked by a legal hold (audited as denied), and the proposal says so', async () => {
    await ctx.owner`insert into public.legal_holds (client_id, reason, placed_by) values (${f.clients.a}, 'Klage anhängig', ${f.people.lawyer.id})`
    expect((await op('lawyer', 'GET', '/retention')).json.clients[0]).toMatchObject({ due: true, legalHold: true, canDelete: false })
    const res = await op('lawyer', 'POST', `/clients/${f.clients.a}/delete`, { confirmNumber: await number() })
    expect(res.status).toBe(409)
    expect(res.json.code).toBe('legal_hold')
    const [denied] = await ctx.owner`select result, detail from public.audit_log where action = 'client.deleted' and client_id = ${f.clients.a}`
    expect(denied).toMatchObject({ result: 'denied', detail: { code: 'legal_hold' } })
    expect((await ctx.owner`select 1 from public.clients where id = ${f.clients.a}`).length).toBe(1)
    await ctx.owner`delete from public.legal_holds where client_id = ${f.clients.a}`
  })

  it('needs an admin and the client number typed again', async () => {
    const clerk = await op('clerk_a', 'POST', `/clients/${f.clients.a}/delete`, { confirmNumber: await number() })
    expect(clerk.status).toBe(403)
    expect(clerk.json.code).toBe('admin_required')
    expect((await op('clerk_b', 'POST', `/clients/${f.clients.a}/delete`, { confirmNumber: await number() })).status).toBe(404)
    expect((await op('lawyer', 'POST', `/clients/${f.clients.a}/delete`, { confirmNumber: '1999-00000' })).json.code).toBe('confirmation_mismatch')
    // Directly in SQL, a client owner gets not_found.
    await expect(ctx.db.asUser(f.people.client_a_owner.claims, (tx) => tx`select private.delete_client_after_retention(${f.clients.a})`)).rejects.toMatchObject({ message: 'not_found' })
  })

  it('refuses a client whose retention is still running (the database decides by its own clock)', async () => {
    await ctx.owner`update public.clients set created_at = now() - interval '1 year' where id = ${f.clients.b}`
    await ctx.owner`update public.clients set mandate_ended_at = current_date - 30 where id = ${f.clients.b}`
    const res = await op('lawyer', 'POST', `/clients/${f.clients.b}/delete`, { confirmNumber: await number(f.clients.b) })
    expect(res.status).toBe(409)
    expect(res.json.code).toBe('retention_period_running')
    await ctx.owner`update public.clients set mandate_ended_at = null where id = ${f.clients.b}`
  })

  it('removes the client\'s rows and blobs, anonymises people of this client only, and audits it', async () => {
    const blobs = (await ctx.owner`select blob_name from public.document_versions where client_id = ${f.clients.a}`).map((r) => r.blob_name as string)
    const bBlobs = (await ctx.owner`select blob_name from public.document_versions where client_id = ${f.clients.b}`).map((r) => r.blob_name as string)
    expect(blobs.length).toBeGreaterThan(0)
    for (const b of blobs) expect(await blobExists(b)).toBe(true)
    // The document fixture's versions are older than a day: back-date them past the retention too.
    await ctx.owner`update public.document_versions set created_at = '2019-01-15' where client_id = ${f.clients.a}`

    const res = await op('lawyer', 'POST', `/clients/${f.clients.a}/delete`, { confirmNumber: await number() })
    expect(res.status, JSON.stringify(res.json)).toBe(200)
    expect(res.json).toMatchObject({ deleted: true, files: blobs.length })

    for (const table of ['clients', 'items', 'documents', 'document_versions', 'client_members', 'projects', 'comments'])
      expect((await ctx.owner.unsafe(`select count(*)::int as n from public.${table} where ${table === 'clients' ? 'id' : 'client_id'} = $1`, [f.clients.a]))[0]!.n, table).toBe(0)
    for (const b of blobs) expect(await blobExists(b), b).toBe(false)
    for (const b of bBlobs) expect(await blobExists(b)).toBe(true)
    // The blobs went through the queue (the periodic cleanup empties it).
    expect((await ctx.owner`select count(*)::int as n from private.blob_deletions where blob_name = any(${blobs}::uuid[])`)[0]!.n).toBe(blobs.length)

    // client_a_owner belonged to client A only: anonymised, disabled, sessions gone. The tax
    // adviser is also in client B's project, the staff are staff: both untouched.
    const [owner] = await ctx.owner`select email, display_name, disabled_at from public.accounts where id = ${f.people.client_a_owner.id}`
    expect(owner).toMatchObject({ email: `geloescht-${f.people.client_a_owner.id}@invalid`, display_name: 'Gelöschte Person' })
    expect(owner!.disabled_at).not.toBeNull()
    expect((await ctx.owner`select count(*)::int as n from public.sessions where account_id = ${f.people.client_a_owner.id}`)[0]!.n).toBe(0)
    const [adviser] = await ctx.owner`select email, disabled_at from public.accounts where id = ${f.people.tax_adviser.id}`
    expect(adviser).toMatchObject({ email: f.people.tax_adviser.email, disabled_at: null })

    const [entry] = await ctx.owner`select actor_id, result, detail from public.audit_log where action = 'client.deleted' and client_id = ${f.clients.a} and result = 'ok'`
    expect(entry).toMatchObject({ actor_id: f.people.lawyer.id, detail: { files: blobs.length } })
    // The audit trail of the deleted client stays.
    expect((await ctx.owner`select count(*)::int as n from public.audit_log where client_id = ${f.clients.a}`)[0]!.n).toBeGreaterThan(1)
  })
})

async function number(clientId = f.clients.a): Promise<string> {
  const [row] = await ctx.owner`select number from public.clients where id = ${clientId}`
  return row!.number as string
}
