import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sealMessageBody } from '../../../functions/_shared/message-crypto.ts'
import { app } from '../../../functions/operations/app.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { buildDocumentFixture, DOCUMENTS, type DocPerson, type DocumentFixture } from '../../helpers/document-fixture.ts'
import { call, ORIGIN } from '../../helpers/http.ts'
import { readZip } from './read-zip.ts'

let ctx: TestContext
let f: DocumentFixture
beforeAll(async () => {
  ctx = await createTestContext()
  f = await buildDocumentFixture(ctx)
  // A conversation with a sealed message and an appointment of client A, as their services store them.
  const o = ctx.owner
  const [thread] = await o`insert into public.items (kind, client_id, audience, title, created_by) values ('message_thread', ${f.clients.a}, 'client', 'Frage zur Bilanz', ${f.people.client_a_owner.id}) returning id`
  await o`insert into public.conversations (item_id, client_id) values (${thread!.id}, ${f.clients.a})`
  const sealed = sealMessageBody(ctx.runtime.secrets.fileMasterKey, MESSAGE)
  await o`insert into public.messages (item_id, client_id, author_id, body_ciphertext, body_key) values (${thread!.id}, ${f.clients.a}, ${f.people.client_a_owner.id}, ${sealed.ciphertext}, ${sealed.key})`
  const [type] = await o`insert into public.appointment_types (staff_id, name_de, name_en, duration_minutes, location) values (${f.people.clerk_a.id}, 'Erstberatung', 'First meeting', 45, 'video') returning id`
  const [slot] = await o`insert into public.items (kind, client_id, audience, title, created_by) values ('appointment', ${f.clients.a}, 'client', 'Erstberatung', ${f.people.client_a_owner.id}) returning id`
  await o`insert into public.appointments (item_id, type_id, staff_id, client_id, booked_by, starts_at, ends_at, blocked)
          values (${slot!.id}, ${type!.id}, ${f.people.clerk_a.id}, ${f.clients.a}, ${f.people.client_a_owner.id}, '2031-05-05 09:00+02', '2031-05-05 09:45+02', tstzrange('2031-05-05 09:00+02', '2031-05-05 09:45+02'))`
})
const MESSAGE = 'Anbei die Unterlagen zur Bilanz 2025 – mit freundlichen Grüßen'
afterAll(() => ctx.close())

const exportAs = (who: DocPerson, clientId = f.clients.a) =>
  app.request(`${ORIGIN}/functions/v1/operations/clients/${clientId}/export`, { headers: { cookie: f.cookies[who] } }, { remoteAddr: { hostname: '203.0.113.10' } })
const exportAudits = async () => (await ctx.owner`select actor_id, result, detail from public.audit_log where action = 'client.exported' and client_id = ${f.clients.a} order by id`)

describe('GDPR export of a client', () => {
  it('gives the client\'s staff a ZIP with every file version decrypted byte-identical, the data as JSON, and audits it', async () => {
    const res = await exportAs('clerk_a')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/zip')
    expect(res.headers.get('content-disposition')).toMatch(/attachment; .*Datenexport-/)
    const entries = readZip(Buffer.from(await res.arrayBuffer()))

    expect(entries.has('LIESMICH.txt')).toBe(true)
    const documents = JSON.parse(entries.get('dokumente/dokumente.json')!.toString('utf8')) as { item_id: string; versions: { file: string; sha256: string }[] }[]
    // Every document of client A (all audiences, firm-internal too), none of client B.
    const aDocs = DOCUMENTS.filter((d) => d.startsWith('a_')).map((d) => f.documents[d])
    expect(documents.map((d) => d.item_id).sort()).toEqual([...aDocs].sort())
    for (const name of DOCUMENTS.filter((d) => d.startsWith('a_'))) {
      const doc = documents.find((d) => d.item_id === f.documents[name])!
      expect(doc.versions).toHaveLength(2)
      doc.versions.forEach((v, i) => {
        const body = entries.get(v.file)!
        expect(body.equals(f.bodies[name][i]!), `${name} v${i + 1}`).toBe(true)
        expect(createHash('sha256').update(body).digest('hex')).toBe(v.sha256)
      })
    }
    for (const body of f.bodies.b_client) expect([...entries.values()].some((e) => e.equals(body))).toBe(false)

    const client = JSON.parse(entries.get('mandant/mandant.json')!.toString('utf8'))
    expect(client.id).toBe(f.clients.a)
    const people = JSON.parse(entries.get('mandant/personen.json')!.toString('utf8')) as { account_id: string }[]
    expect(people.map((p) => p.account_id)).toContain(f.people.client_a_owner.id)
    // Comments decrypted, with their revisions.
    const groups = JSON.parse(entries.get('dokumente/mappen.json')!.toString('utf8')) as { comments: { body: string | null }[] }[]
    expect(groups.flatMap((g) => g.comments).some((c) => typeof c.body === 'string' && c.body.length > 0)).toBe(true)
    // No secret leaves: no token or password hash, no wrapped key.
    const json = [...entries].filter(([n]) => n.endsWith('.json')).map(([, b]) => b.toString('utf8')).join('\n')
    for (const secret of ['token_hash', 'password_hash', 'wrapped_key', 'body_ciphertext', 'blob_name']) expect(json).not.toContain(secret)
    // Messages decrypted; the appointment with its type.
    const threads = JSON.parse(entries.get('nachrichten/nachrichten.json')!.toString('utf8')) as { title: string; messages: { body: string }[] }[]
    expect(threads).toHaveLength(1)
    expect(threads[0]!.messages.map((m) => m.body)).toEqual([MESSAGE])
    const appointments = JSON.parse(entries.get('termine/termine.json')!.toString('utf8')) as { type: string; starts_at: string }[]
    expect(appointments).toMatchObject([{ type: 'Erstberatung', starts_at: '2031-05-05T07:00:00.000Z' }])
    for (const secret of ['body_key', 'search_tokens']) expect(json).not.toContain(secret)
    expect(entries.has('protokoll/protokoll.json')).toBe(true)
    expect(entries.has('freigaben/freigaben.json')).toBe(true)

    const audits = await exportAudits()
    expect(audits).toHaveLength(1)
    expect(audits[0]).toMatchObject({ actor_id: f.people.clerk_a.id, result: 'ok' })
    expect(audits[0]!.detail.files).toBe(aDocs.length * 2)
  })

  it('is the same for an admin; the next export\'s protocol contains the earlier export', async () => {
    const res = await exportAs('lawyer')
    expect(res.status).toBe(200)
    const protocol = JSON.parse(readZip(Buffer.from(await res.arrayBuffer())).get('protokoll/protokoll.json')!.toString('utf8')) as { action: string }[]
    expect(protocol.some((e) => e.action === 'client.exported')).toBe(true)
  })

  it.each<[DocPerson]>([['client_a_owner'], ['client_a_manager'], ['tax_adviser'], ['clerk_b'], ['client_b_owner'], ['outsider']])(
    'answers not_found to %s and writes no export entry',
    async (who) => {
      const before = (await exportAudits()).length
      const res = await exportAs(who)
      expect(res.status).toBe(404)
      expect(((await res.json()) as { code: string }).code).toBe('not_found')
      expect((await exportAudits()).length).toBe(before)
    },
  )

  it('is refused directly in SQL too: may_export_client is false for a client member and for staff of another client', async () => {
    for (const [who, expected] of [['client_a_owner', false], ['clerk_b', false], ['clerk_a', true], ['lawyer', true]] as const) {
      const [row] = await ctx.db.asUser(f.people[who].claims, (tx) => tx`select private.may_export_client(${f.clients.a}) as ok`)
      expect(row!.ok, who).toBe(expected)
    }
  })

  it('answers 401 without a session and 400 for a malformed id', async () => {
    expect((await call(app, 'GET', `/functions/v1/operations/clients/${f.clients.a}/export`)).status).toBe(401)
    expect((await call(app, 'GET', '/functions/v1/operations/clients/not-a-uuid/export', { cookie: f.cookies.clerk_a })).status).toBe(400)
  })
})
