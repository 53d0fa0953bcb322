import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Tx } from '../../../functions/_shared/db.ts'
import {
  COMMENTS,
  DOCUMENTS,
  DOC_PEOPLE,
  GROUPS,
  buildDocumentFixture,
  type DocPerson,
  type DocumentFixture,
} from '../../helpers/document-fixture.ts'
import {
  DOCUMENT_ACTIONS_ALLOWED,
  VISIBLE_DOCUMENTS,
  VISIBLE_GROUPS,
  readsComment,
  readsRevisionsOf,
  visibleEntries,
  visibleReceipts,
} from '../../helpers/access-matrix.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'

/**
 * The document access matrix in SQL: each person with their own claims (aal2; the late person's
 * session is aal1 past the deadline), directly against the tables, so the policies alone decide.
 * Expected answers: tests/helpers/access-matrix.ts.
 */
let ctx: TestContext
let f: DocumentFixture
beforeAll(async () => {
  ctx = await createTestContext()
  f = await buildDocumentFixture(ctx)
})
afterAll(() => ctx.close())

const as = <T>(person: DocPerson, fn: (tx: Tx) => Promise<T>) => ctx.db.asUser(f.people[person].claims, fn)
const nameOf = (ids: Record<string, string>, id: string) => Object.entries(ids).find(([, v]) => v === id)?.[0] ?? id
const names = (ids: Record<string, string>, rows: readonly Record<string, unknown>[], column: string) =>
  rows.map((r) => nameOf(ids, r[column] as string)).sort()

const ROLLBACK = Symbol('rollback')
/** Runs a change as the person and rolls it back; allowed = it succeeded and touched a row. */
async function attempt(person: DocPerson, change: (tx: Tx, me: string) => Promise<readonly unknown[]>): Promise<boolean> {
  let allowed = false
  try {
    await as(person, async (tx) => {
      allowed = (await change(tx, f.people[person].id)).length > 0
      throw ROLLBACK
    })
  } catch (err) {
    if (err !== ROLLBACK && (err as { code?: string }).code !== '42501') throw err
  }
  return allowed
}

const BYTES = Buffer.from('sealed')
const version3 = (tx: Tx, me: string, doc: string, client: string) =>
  tx`insert into public.document_versions (item_id, client_id, version, filename, media_type, size, sha256, blob_name, wrapped_key, uploaded_by)
     values (${doc}, ${client}, 3, 'neu.pdf', 'application/pdf', 10, ${'0'.repeat(64)}, ${randomUUID()}, ${BYTES}, ${me}) returning id`
/** An upload answering a request, the rows the upload service writes as the caller. */
const answer = async (tx: Tx, me: string, client: string, request: string) => {
  const id = randomUUID()
  await tx`insert into public.items (id, kind, client_id, audience, title, created_by) values (${id}, 'document', ${client}, 'people', 'Antwort', ${me})`
  await tx`insert into public.documents (item_id, client_id, request_id) values (${id}, ${client}, ${request})`
  return tx`insert into public.document_versions (item_id, client_id, version, filename, media_type, size, sha256, blob_name, wrapped_key, uploaded_by)
            values (${id}, ${client}, 1, 'beleg.pdf', 'application/pdf', 10, ${'0'.repeat(64)}, ${randomUUID()}, ${BYTES}, ${me}) returning id`
}
const comment = (tx: Tx, author: string, group: string, client: string) =>
  tx`insert into public.comments (item_id, client_id, author_id, body_ciphertext) values (${group}, ${client}, ${author}, ${BYTES}) returning id`

/** Each action as SQL; the API test runs the same rows through HTTP. */
const ACTIONS: Record<string, ((tx: Tx, me: string, who: DocPerson) => Promise<readonly unknown[]>) | undefined> = {
  'add a version to a_client (by clerk_a)': (tx, me) => version3(tx, me, f.documents.a_client, f.clients.a),
  'add a version to a_upload (by client_a_member)': (tx, me) => version3(tx, me, f.documents.a_upload, f.clients.a),
  'add a version to b_client': (tx, me) => version3(tx, me, f.documents.b_client, f.clients.b),
  'record an own receipt of a_client': (tx, me) =>
    tx`insert into public.document_events (item_id, client_id, account_id, kind) values (${f.documents.a_client}, ${f.clients.a}, ${me}, 'viewed') returning id`,
  'record a receipt of a_client for another person': (tx, _me, who) =>
    tx`insert into public.document_events (item_id, client_id, account_id, kind)
       values (${f.documents.a_client}, ${f.clients.a}, ${(who === 'client_a_viewer' ? f.people.client_a_owner : f.people.client_a_viewer).id}, 'downloaded') returning id`,
  'confirm receipt of a_people': (tx, me) =>
    tx`insert into public.document_events (item_id, client_id, account_id, kind) values (${f.documents.a_people}, ${f.clients.a}, ${me}, 'confirmed') returning id`,
  'upload into client A’s request': (tx, me) => answer(tx, me, f.clients.a, f.requests.r_a_client),
  'upload into the request addressed to client A’s owner': (tx, me) => answer(tx, me, f.clients.a, f.requests.r_a_owner),
  'upload into client B’s request': (tx, me) => answer(tx, me, f.clients.b, f.requests.r_b),
  'file a client A document under client B’s request': (tx, me) => answer(tx, me, f.clients.a, f.requests.r_b),
  'accept client A’s request': (tx, me) =>
    tx`update public.document_requests set status = 'accepted', decided_by = ${me}, decided_at = now() where item_id = ${f.requests.r_a_client} returning item_id`,
  'return client A’s request': (tx, me) =>
    tx`update public.document_requests set status = 'returned', status_reason = 'Unleserlich', decided_by = ${me}, decided_at = now()
       where item_id = ${f.requests.r_a_client} returning item_id`,
  // A reminder is a mail to a recipient who has not opened the document (the viewer has not).
  'remind about a_client': (tx) =>
    tx`select private.enqueue_account_mail(${f.people.client_a_viewer.id}, 'document-reminder', ${tx.json({ link: `/dokumente/${f.documents.a_client}` })})`,
  // (The reminder with nobody left to remind is a service rule: see the API matrix.)
  'remind about a_people (nobody left to remind)': undefined,
  'add a_upload to g_client': (tx, me) =>
    tx`insert into public.document_group_entries (group_id, document_id, client_id, added_by) values (${f.groups.g_client}, ${f.documents.a_upload}, ${f.clients.a}, ${me}) returning group_id`,
  'add b_client to g_client': (tx, me) =>
    tx`insert into public.document_group_entries (group_id, document_id, client_id, added_by) values (${f.groups.g_client}, ${f.documents.b_client}, ${f.clients.a}, ${me}) returning group_id`,
  'take a_client out of g_client': (tx) =>
    tx`delete from public.document_group_entries where group_id = ${f.groups.g_client} and document_id = ${f.documents.a_client} returning group_id`,
  'comment on g_client': (tx, me) => comment(tx, me, f.groups.g_client, f.clients.a),
  'comment on g_people': (tx, me) => comment(tx, me, f.groups.g_people, f.clients.a),
  'comment on g_client in another person’s name': (tx, _me, who) =>
    comment(tx, (who === 'client_a_member' ? f.people.client_a_viewer : f.people.client_a_member).id, f.groups.g_client, f.clients.a),
  'edit c_member (by client_a_member)': (tx) =>
    tx`update public.comments set body_ciphertext = ${BYTES}, edited_at = now() where id = ${f.comments.c_member} returning id`,
  'delete c_member (by client_a_member)': (tx) =>
    tx`update public.comments set body_ciphertext = null, deleted_at = now() where id = ${f.comments.c_member} returning id`,
  'edit c_adviser (by tax_adviser)': (tx) =>
    tx`update public.comments set body_ciphertext = ${BYTES}, edited_at = now() where id = ${f.comments.c_adviser} returning id`,
  'write a revision into c_member’s history': (tx) =>
    tx`insert into public.comment_revisions (comment_id, body_ciphertext) values (${f.comments.c_member}, ${BYTES}) returning id`,
  'write a revision into c_clerk’s history': (tx) =>
    tx`insert into public.comment_revisions (comment_id, body_ciphertext) values (${f.comments.c_clerk}, ${BYTES}) returning id`,
}

describe('documents in SQL', () => {
  it.each(DOC_PEOPLE.map((p) => [p]))('%s lists exactly the documents meant for them', async (person) => {
    const rows = await as(person, (tx) => tx`select item_id from public.documents`)
    expect(names(f.documents, rows, 'item_id')).toEqual([...VISIBLE_DOCUMENTS[person]].sort())
  })

  it.each(DOC_PEOPLE.flatMap((p) => DOCUMENTS.map((d) => [p, d] as const)))('%s sees the versions of %s, the old one too', async (person, doc) => {
    const rows = await as(person, (tx) => tx`select version, blob_name from public.document_versions where item_id = ${f.documents[doc]} order by version`)
    expect(rows.map((r) => r.version)).toEqual(VISIBLE_DOCUMENTS[person].includes(doc) ? [1, 2] : [])
  })

  it.each(DOC_PEOPLE.map((p) => [p]))('%s sees every receipt as staff, else at most their own', async (person) => {
    const rows = await as(person, (tx) => tx`select item_id, account_id, kind from public.document_events`)
    const seen = rows.map((r) => [nameOf(f.documents, r.item_id), nameOf(Object.fromEntries(Object.entries(f.people).map(([k, v]) => [k, v.id])), r.account_id), r.kind].join(' ')).sort()
    expect(seen).toEqual(visibleReceipts(person).map((r) => r.join(' ')).sort())
  })
})

describe('document groups and comments in SQL', () => {
  it.each(DOC_PEOPLE.map((p) => [p]))('%s lists exactly the groups meant for them', async (person) => {
    const rows = await as(person, (tx) => tx`select id from public.items where kind = 'document_group'`)
    expect(names(f.groups, rows, 'id')).toEqual([...VISIBLE_GROUPS[person]].sort())
  })

  it.each(DOC_PEOPLE.flatMap((p) => GROUPS.map((g) => [p, g] as const)))('%s sees the entries of %s whose documents they see', async (person, group) => {
    const rows = await as(person, (tx) => tx`select document_id from public.document_group_entries where group_id = ${f.groups[group]}`)
    expect(names(f.documents, rows, 'document_id')).toEqual([...visibleEntries(person, group)].sort())
  })

  it.each(DOC_PEOPLE.flatMap((p) => COMMENTS.map((c) => [p, c] as const)))('%s reading comment %s and its history', async (person, c) => {
    const rows = await as(person, (tx) => tx`select id from public.comments where id = ${f.comments[c]}`)
    expect(rows.length === 1).toBe(readsComment(person, c))
    const revisions = await as(person, (tx) => tx`select id from public.comment_revisions where comment_id = ${f.comments[c]}`)
    expect(revisions.length > 0).toBe(readsRevisionsOf(person, c))
  })
})

describe('document actions in SQL (rolled back)', () => {
  const rows = Object.keys(DOCUMENT_ACTIONS_ALLOWED).filter((a) => ACTIONS[a]).flatMap((a) => DOC_PEOPLE.map((p) => [a, p] as const))
  it.each(rows)('%s as %s', async (action, person) => {
    expect(await attempt(person, (tx, me) => ACTIONS[action]!(tx, me, person))).toBe(DOCUMENT_ACTIONS_ALLOWED[action]!.includes(person))
  })
})

describe('document rules that are not a single cell', () => {
  it('a document cannot be addressed to a client group (that audience is for info pages)', async () => {
    await expect(
      as('lawyer', (tx) => tx`insert into public.items (kind, group_id, audience, title, created_by) values ('document', ${f.group}, 'group', 'An alle', ${f.people.lawyer.id})`),
    ).rejects.toMatchObject({ code: '23514' })
  })

  it('a creator whose upload right was taken adds no more versions', async () => {
    const add = () => attempt('client_a_member', (tx, me) => version3(tx, me, f.documents.a_upload, f.clients.a))
    expect(await add()).toBe(true)
    await ctx.owner`update public.client_members set rights = ${['documents.read', 'projects.read']} where id = ${f.memberships.client_a_member}`
    try {
      expect(await add()).toBe(false)
    } finally {
      await ctx.owner`update public.client_members set rights = null where id = ${f.memberships.client_a_member}`
    }
  })

  it('the people asked mark a request submitted but never decide it', async () => {
    const update = (status: string) =>
      attempt('client_a_owner', (tx) => tx`update public.document_requests set status = ${status} where item_id = ${f.requests.r_a_owner} returning item_id`)
    expect(await update('submitted')).toBe(true)
    expect(await update('accepted')).toBe(false)
    expect(await update('returned')).toBe(false)
    expect(await attempt('client_a_viewer', (tx) => tx`update public.document_requests set status = 'submitted' where item_id = ${f.requests.r_a_owner} returning item_id`)).toBe(false)
  })

  it('receipts are append-only for everyone', async () => {
    for (const person of ['lawyer', 'client_a_member'] as const) {
      await expect(as(person, (tx) => tx`update public.document_events set kind = 'confirmed' where item_id = ${f.documents.a_client}`)).rejects.toMatchObject({ code: '42501' })
      await expect(as(person, (tx) => tx`delete from public.document_events where item_id = ${f.documents.a_client}`)).rejects.toMatchObject({ code: '42501' })
    }
  })

  it('comments are never deleted as rows, and a tombstone is not brought back', async () => {
    await expect(as('client_a_member', (tx) => tx`delete from public.comments where id = ${f.comments.c_member}`)).rejects.toMatchObject({ code: '42501' })
    expect(await attempt('client_a_owner', (tx) => tx`update public.comments set body_ciphertext = ${BYTES}, deleted_at = null where id = ${f.comments.c_deleted} returning id`)).toBe(false)
  })

  it('a guest without an account reads no document, group, comment or receipt', async () => {
    // Shared documents are readable by a guest session of a share (policies/05-shares.sql); without
    // one, the tables a share can open answer no rows, the others are not granted at all.
    for (const table of ['documents', 'document_versions', 'document_group_entries'])
      await expect(ctx.db.asUser({ role: 'anon' }, (tx) => tx.unsafe(`select 1 from public.${table}`))).resolves.toHaveLength(0)
    for (const table of ['document_events', 'comments', 'comment_revisions'])
      await expect(ctx.db.asUser({ role: 'anon' }, (tx) => tx.unsafe(`select 1 from public.${table}`))).rejects.toMatchObject({ code: '42501' })
  })
})
