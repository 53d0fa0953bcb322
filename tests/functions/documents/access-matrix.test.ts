import type { ServerType } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  COMMENTS,
  DOCUMENTS,
  DOC_PEOPLE,
  GROUPS,
  SEEDED_RECEIPTS,
  buildDocumentFixture,
  pdfBody,
  type DocPerson,
  type DocumentFixture,
} from '../../helpers/document-fixture.ts'
import {
  COMMENT_GROUP,
  DELETED_COMMENTS,
  DOCUMENT_ACTIONS_ALLOWED,
  STAFF_OF,
  VISIBLE_DOCUMENTS,
  VISIBLE_GROUPS,
  readsComment,
  readsRevisionsOf,
  visibleEntries,
} from '../../helpers/access-matrix.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { listenOnLoopback } from '../../helpers/loopback-server.ts'

/**
 * The document access matrix through the real HTTP server (the gateway on a loopback port), as
 * each person's browser asks. Expected answers: tests/helpers/access-matrix.ts, the same table
 * the SQL matrix (tests/db/documents) checks. Refusals: 404 not_found for what a person may not
 * see or do, 401 for the disabled account's session, 403 second_factor_required for the aal1
 * session past the deadline.
 */
let ctx: TestContext
let f: DocumentFixture
let server: ServerType
let base: string
beforeAll(async () => {
  ctx = await createTestContext()
  await ctx.owner`insert into public.firm_settings (id, firm_name) values (1, 'Kanzlei Berger')`
  f = await buildDocumentFixture(ctx)
  ;({ server, base } = await listenOnLoopback())
})
afterAll(async () => {
  await new Promise((r) => server?.close(r))
  await ctx?.close()
})

/** One request as the person's browser: same origin, their cookie, JSON or a raw file body. */
async function as(person: DocPerson, method: string, path: string, options: { body?: unknown; file?: Buffer } = {}) {
  const headers: Record<string, string> = { origin: base, cookie: f.cookies[person] }
  let body: BodyInit | undefined
  if (options.file) {
    headers['content-type'] = 'application/octet-stream'
    body = new Uint8Array(options.file)
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(options.body)
  }
  const res = await fetch(`${base}/functions/v1${path}`, { method, headers, body })
  const bytes = Buffer.from(await res.arrayBuffer())
  let json: any
  try {
    json = JSON.parse(bytes.toString('utf8'))
  } catch {
    json = undefined
  }
  return { status: res.status, bytes, json }
}

/** The answer a person gets for what they may not see or do. */
const REFUSAL: Partial<Record<DocPerson, { status: number; code: string }>> = {
  client_a_disabled: { status: 401, code: 'unauthenticated' },
  client_a_late: { status: 403, code: 'second_factor_required' },
}
const refusal = (person: DocPerson) => REFUSAL[person] ?? { status: 404, code: 'not_found' }
function expectRefused(person: DocPerson, res: { status: number; json: any }) {
  expect(res.status).toBe(refusal(person).status)
  expect(res.json?.code).toBe(refusal(person).code)
}

const docName = (id: string) => (Object.entries(f.documents).find(([, v]) => v === id)?.[0] ?? id) as string
const personOf = (id: string) => Object.entries(f.people).find(([, p]) => p.id === id)?.[0]
const clientOf = (doc: string) => (doc.startsWith('b_') ? 'b' : 'a') as 'a' | 'b'

describe('documents through the API', () => {
  it.each(DOC_PEOPLE.map((p) => [p]))('%s lists exactly the documents meant for them', async (person) => {
    const seen = new Set<string>()
    for (const scope of [`clientId=${f.clients.a}`, `clientId=${f.clients.b}`, `projectId=${f.projects.a}`, `projectId=${f.projects.b}`]) {
      const res = await as(person, 'GET', `/clients/items?${scope}&limit=100`)
      if (REFUSAL[person]) expectRefused(person, res)
      if (res.status === 200) for (const i of res.json.items as { id: string }[]) if (Object.values(f.documents).includes(i.id)) seen.add(docName(i.id))
    }
    expect([...seen].sort()).toEqual([...VISIBLE_DOCUMENTS[person]].sort())
  })

  it.each(DOC_PEOPLE.flatMap((p) => DOCUMENTS.map((d) => [p, d] as const)))('%s opening %s', async (person, doc) => {
    const res = await as(person, 'GET', `/documents/${f.documents[doc]}`)
    if (!VISIBLE_DOCUMENTS[person].includes(doc)) return expectRefused(person, res)
    expect(res.status).toBe(200)
    expect(res.json.versions.map((v: { version: number }) => v.version)).toEqual([2, 1])
  })

  it.each(DOC_PEOPLE.flatMap((p) => DOCUMENTS.map((d) => [p, d] as const)))('%s downloading %s, the latest and the old version', async (person, doc) => {
    const latest = await as(person, 'GET', `/documents/${f.documents[doc]}/file`)
    const old = await as(person, 'GET', `/documents/${f.documents[doc]}/file?version=1`)
    if (!VISIBLE_DOCUMENTS[person].includes(doc)) {
      expectRefused(person, latest)
      return expectRefused(person, old)
    }
    expect([latest.status, old.status]).toEqual([200, 200])
    expect(latest.bytes.equals(f.bodies[doc][1])).toBe(true)
    expect(old.bytes.equals(f.bodies[doc][0])).toBe(true)
  })

  it.each(DOC_PEOPLE.flatMap((p) => DOCUMENTS.map((d) => [p, d] as const)))('%s reading the receipts of %s', async (person, doc) => {
    const res = await as(person, 'GET', `/documents/${f.documents[doc]}/receipts`)
    if (!VISIBLE_DOCUMENTS[person].includes(doc)) return expectRefused(person, res)
    expect(res.status).toBe(200)
    const rows = res.json.receipts as { accountId: string; firstViewedAt: string | null; firstDownloadedAt: string | null; confirmedAt: string | null }[]
    const field = { viewed: 'firstViewedAt', downloaded: 'firstDownloadedAt', confirmed: 'confirmedAt' } as const
    if (STAFF_OF[clientOf(doc)].includes(person)) {
      // Staff: every recorded receipt of the document, by person.
      for (const [d, who, kind] of SEEDED_RECEIPTS.filter(([d]) => d === doc)) {
        const row = rows.find((r) => personOf(r.accountId) === who)
        expect(row?.[field[kind]], `${d}: ${who} ${kind}`).toMatch(/^\d{4}-\d{2}-\d{2}T/)
      }
    } else {
      // Anyone else: at most their own row.
      expect(rows.length).toBeLessThanOrEqual(1)
      for (const r of rows) expect(personOf(r.accountId)).toBe(person)
    }
  })
})

describe('document groups and comments through the API', () => {
  it.each(DOC_PEOPLE.flatMap((p) => GROUPS.map((g) => [p, g] as const)))('%s opening %s: its entries and thread', async (person, group) => {
    const res = await as(person, 'GET', `/documents/groups/${f.groups[group]}`)
    const comments = Object.entries(COMMENT_GROUP).filter(([, g]) => g === group).map(([c]) => c as keyof typeof COMMENT_GROUP)
    if (!VISIBLE_GROUPS[person].includes(group)) return expectRefused(person, res)
    expect(res.status).toBe(200)
    expect(res.json.documents.map((d: { id: string }) => docName(d.id)).sort()).toEqual([...visibleEntries(person, group)].sort())
    const thread = res.json.comments as { id: string; body: string | null; revisions: number }[]
    expect(thread.map((c) => c.id).sort()).toEqual(comments.filter((c) => readsComment(person, c)).map((c) => f.comments[c]).sort())
    for (const c of comments.filter((c) => readsComment(person, c))) {
      const shown = thread.find((t) => t.id === f.comments[c])!
      // A tombstone shows no text to anyone; a live comment its text and that it was edited.
      if (DELETED_COMMENTS.includes(c)) expect(shown.body).toBeNull()
      else expect([typeof shown.body, shown.revisions]).toEqual(['string', 1])
    }
  })

  it.each(DOC_PEOPLE.flatMap((p) => COMMENTS.map((c) => [p, c] as const)))('%s reading the history of comment %s', async (person, c) => {
    const res = await as(person, 'GET', `/documents/groups/comments/${f.comments[c]}/revisions`)
    // Through the API nobody reads the history of a deleted comment: the tombstone is all that is left.
    if (!readsComment(person, c) || DELETED_COMMENTS.includes(c)) return expectRefused(person, res)
    expect(readsRevisionsOf(person, c)).toBe(true)
    expect(res.status).toBe(200)
    expect(res.json.revisions).toHaveLength(1)
    expect(res.json.current.body).toEqual(expect.any(String))
  })

  it.each(DOC_PEOPLE.flatMap((p) => GROUPS.map((g) => [p, g] as const)))('%s downloading %s as a ZIP holds only the documents they see', async (person, group) => {
    const res = await as(person, 'GET', `/documents/groups/${f.groups[group]}/zip`)
    if (!VISIBLE_GROUPS[person].includes(group)) return expectRefused(person, res)
    expect(res.status).toBe(200)
    const entries = visibleEntries(person, group)
    // File names sit in the archive's directory in clear: the latest version of each visible entry.
    for (const doc of DOCUMENTS) expect(res.bytes.includes(Buffer.from(`${doc}-v2.pdf`)), doc).toBe(entries.includes(doc))
  })
})

/** Each action through the API; undefined where the API offers no such operation at all. */
const ACTIONS: Record<string, ((p: DocPerson) => Promise<{ status: number; json: any }>) | undefined> = {
  'add a version to a_client (by clerk_a)': (p) => as(p, 'POST', `/documents/${f.documents.a_client}/versions?filename=neu.pdf`, { file: pdfBody('neu') }),
  'add a version to a_upload (by client_a_member)': (p) => as(p, 'POST', `/documents/${f.documents.a_upload}/versions?filename=neu.pdf`, { file: pdfBody('neu') }),
  'add a version to b_client': (p) => as(p, 'POST', `/documents/${f.documents.b_client}/versions?filename=neu.pdf`, { file: pdfBody('neu') }),
  'record an own receipt of a_client': (p) => as(p, 'POST', `/documents/${f.documents.a_client}/confirm`, { body: {} }),
  'record a receipt of a_client for another person': undefined, // the API records receipts only for the caller
  'confirm receipt of a_people': (p) => as(p, 'POST', `/documents/${f.documents.a_people}/confirm`, { body: {} }),
  'upload into client A’s request': (p) =>
    as(p, 'POST', `/documents?${new URLSearchParams({ clientId: f.clients.a, filename: 'beleg.pdf', requestId: f.requests.r_a_client })}`, { file: pdfBody('beleg') }),
  'upload into the request addressed to client A’s owner': (p) =>
    as(p, 'POST', `/documents?${new URLSearchParams({ clientId: f.clients.a, filename: 'beleg.pdf', requestId: f.requests.r_a_owner })}`, { file: pdfBody('beleg') }),
  'upload into client B’s request': (p) =>
    as(p, 'POST', `/documents?${new URLSearchParams({ clientId: f.clients.b, filename: 'beleg.pdf', requestId: f.requests.r_b })}`, { file: pdfBody('beleg') }),
  'file a client A document under client B’s request': (p) =>
    as(p, 'POST', `/documents?${new URLSearchParams({ clientId: f.clients.a, filename: 'beleg.pdf', requestId: f.requests.r_b })}`, { file: pdfBody('beleg') }),
  'accept client A’s request': async (p) => as(p, 'POST', `/documents/requests/${await f.freshRequest()}/accept`, { body: {} }),
  'return client A’s request': async (p) => as(p, 'POST', `/documents/requests/${await f.freshRequest()}/return`, { body: { reason: 'Unleserlich, bitte neu scannen.' } }),
  'remind about a_client': (p) => as(p, 'POST', `/documents/${f.documents.a_client}/remind`, { body: {} }),
  'remind about a_people (nobody left to remind)': (p) => as(p, 'POST', `/documents/${f.documents.a_people}/remind`, { body: {} }),
  'add a_upload to g_client': async (p) => {
    const res = await as(p, 'POST', `/documents/groups/${f.groups.g_client}/documents`, { body: { documentId: f.documents.a_upload } })
    await ctx.owner`delete from public.document_group_entries where group_id = ${f.groups.g_client} and document_id = ${f.documents.a_upload}`
    return res
  },
  'take a_client out of g_client': async (p) => {
    const res = await as(p, 'DELETE', `/documents/groups/${f.groups.g_client}/documents/${f.documents.a_client}`)
    await ctx.owner`insert into public.document_group_entries (group_id, document_id, client_id, added_by)
                    values (${f.groups.g_client}, ${f.documents.a_client}, ${f.clients.a}, ${f.people.clerk_a.id}) on conflict do nothing`
    return res
  },
  'add b_client to g_client': (p) => as(p, 'POST', `/documents/groups/${f.groups.g_client}/documents`, { body: { documentId: f.documents.b_client } }),
  'comment on g_client': (p) => as(p, 'POST', `/documents/groups/${f.groups.g_client}/comments`, { body: { body: 'Gesehen.' } }),
  'comment on g_people': (p) => as(p, 'POST', `/documents/groups/${f.groups.g_people}/comments`, { body: { body: 'Gesehen.' } }),
  'comment on g_client in another person’s name': undefined, // the author is always the session's account
  'edit c_member (by client_a_member)': async (p) =>
    as(p, 'PATCH', `/documents/groups/comments/${await f.freshComment('g_client', 'client_a_member')}`, { body: { body: 'Geändert.' } }),
  'delete c_member (by client_a_member)': async (p) =>
    as(p, 'POST', `/documents/groups/comments/${await f.freshComment('g_client', 'client_a_member')}/delete`, { body: {} }),
  'edit c_adviser (by tax_adviser)': async (p) =>
    as(p, 'PATCH', `/documents/groups/comments/${await f.freshComment('g_people', 'tax_adviser')}`, { body: { body: 'Geändert.' } }),
  'write a revision into c_member’s history': undefined, // only an edit writes history
  'write a revision into c_clerk’s history': undefined,
}

describe('document actions through the API', () => {
  const rows = Object.keys(DOCUMENT_ACTIONS_ALLOWED).filter((a) => ACTIONS[a]).flatMap((a) => DOC_PEOPLE.map((p) => [a, p] as const))
  it.each(rows)('%s as %s', async (action, person) => {
    const res = await ACTIONS[action]!(person)
    if (DOCUMENT_ACTIONS_ALLOWED[action]!.includes(person)) expect(res.status, JSON.stringify(res.json)).toBeLessThan(300)
    else expectRefused(person, res)
  })
})

describe('refusals change nothing', () => {
  it('a refused upload leaves no document, version or blob behind', async () => {
    const count = async () => (await ctx.owner`select (select count(*) from public.documents)::int + (select count(*) from public.document_versions)::int as n`)[0]!.n as number
    const before = await count()
    for (const person of ['client_a_viewer', 'client_b_owner', 'tax_adviser', 'clerk_b'] as const)
      expectRefused(person, await ACTIONS['upload into client A’s request']!(person))
    expect(await count()).toBe(before)
  })

  it('a refused reminder sends no mail and a refused decision keeps the request as it was', async () => {
    const mails = async () => (await ctx.owner`select count(*)::int as n from private.outbox where template = 'document-reminder'`)[0]!.n as number
    const before = await mails()
    for (const person of ['client_a_owner', 'client_a_member', 'clerk_b', 'tax_adviser'] as const)
      expectRefused(person, await as(person, 'POST', `/documents/${f.documents.a_client}/remind`, { body: {} }))
    expect(await mails()).toBe(before)
    const request = await f.freshRequest()
    for (const person of ['client_a_owner', 'client_a_member', 'clerk_b'] as const)
      expectRefused(person, await as(person, 'POST', `/documents/requests/${request}/accept`, { body: {} }))
    const [row] = await ctx.owner`select status, decided_by from public.document_requests where item_id = ${request}`
    expect(row).toEqual({ status: 'submitted', decided_by: null })
  })
})
