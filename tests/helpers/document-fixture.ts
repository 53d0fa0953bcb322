import { Readable } from 'node:stream'
import { writeEncryptedFile } from '../../functions/_shared/blob/encrypted-file.ts'
import { seal } from '../../functions/_shared/crypto.ts'
import { buildAccessFixture, PEOPLE, type AccessFixture } from './access-fixture.ts'
import type { TestContext } from './context.ts'
import { createPersona, signInAs, type Persona } from './personas.ts'

/**
 * The access-matrix people plus three who must see nothing of client A's documents although
 * they are close to them: staff of client B only, a client A member whose account is disabled,
 * and a client A member past the second-factor deadline without a factor (an aal1 session).
 */
export const DOC_PEOPLE = [...PEOPLE, 'clerk_b', 'client_a_disabled', 'client_a_late'] as const
export type DocPerson = (typeof DOC_PEOPLE)[number]

/**
 * Documents of every audience a document can have (a 'group' audience is for info pages only):
 * a_client (client A), a_project (project A), a_people (named: the tax adviser, in project A),
 * a_internal (staff only), a_upload (client A, uploaded by a client member), a_answer (a member's
 * answer to client A's request: the uploader and the firm until accepted), b_client (client B).
 */
export const DOCUMENTS = ['a_client', 'a_project', 'a_people', 'a_internal', 'a_upload', 'a_answer', 'b_client'] as const
export type DocumentName = (typeof DOCUMENTS)[number]

/** Document groups: for client A, for project A, for the tax adviser by name, for client B. */
export const GROUPS = ['g_client', 'g_project', 'g_people', 'g_b'] as const
export type GroupName = (typeof GROUPS)[number]

/** What each group holds (entries still follow each document's own audience). */
export const GROUP_ENTRIES: Record<GroupName, DocumentName[]> = {
  g_client: ['a_client', 'a_project', 'a_internal'],
  g_project: ['a_project'],
  g_people: ['a_people'],
  g_b: ['b_client'],
}

/** Requests: to all of client A, to client A's owner by name, to client B. */
export const REQUESTS = ['r_a_client', 'r_a_owner', 'r_b'] as const
export type RequestName = (typeof REQUESTS)[number]

/**
 * Comments (each live one edited once): c_member (client_a_member in g_client), c_clerk (clerk_a
 * in g_client), c_deleted (client_a_owner in g_client, deleted: a tombstone whose former text is
 * a revision), c_adviser (tax_adviser in g_people).
 */
export const COMMENTS = ['c_member', 'c_clerk', 'c_deleted', 'c_adviser'] as const
export type CommentName = (typeof COMMENTS)[number]

/** Receipts recorded before the tests: [document, person, kind]. */
export const SEEDED_RECEIPTS: [DocumentName, DocPerson, 'viewed' | 'downloaded' | 'confirmed'][] = [
  ['a_client', 'client_a_member', 'viewed'],
  ['a_client', 'client_a_member', 'downloaded'],
  ['a_client', 'client_a_owner', 'viewed'],
  ['a_client', 'client_a_disabled', 'viewed'],
  ['a_people', 'tax_adviser', 'downloaded'],
  ['b_client', 'client_b_owner', 'viewed'],
]

export type DocumentFixture = Omit<AccessFixture, 'people' | 'cookies'> & {
  people: Record<DocPerson, Persona>
  cookies: Record<DocPerson, string>
  documents: Record<DocumentName, string>
  /** The plaintext of each document's versions 1 and 2. */
  bodies: Record<DocumentName, [Buffer, Buffer]>
  groups: Record<GroupName, string>
  requests: Record<RequestName, string>
  comments: Record<CommentName, string>
  /** Creates a document request for client A (audience client) with one submitted answer. */
  freshRequest(): Promise<string>
  /** Creates a live comment by the person in a group. */
  freshComment(group: GroupName, author: DocPerson, text?: string): Promise<string>
}

/** A small PDF-looking body (the magic bytes the upload check wants), distinct per name. */
export const pdfBody = (text: string) => Buffer.from(`%PDF-1.7\n% ${text}\n`, 'utf8')

/**
 * The document world on top of the access fixture (tests/helpers/access-fixture.ts): every
 * document has two versions with real encrypted bodies in the test's blob store, groups with
 * entries and comments sealed like the service seals them, requests, and some receipts.
 * Built directly in SQL as the owner, so no rule under test is used to build it.
 */
export async function buildDocumentFixture(ctx: TestContext): Promise<DocumentFixture> {
  const base = await buildAccessFixture(ctx)
  const o = ctx.owner
  const people = { ...base.people } as Record<DocPerson, Persona>
  const cookies = { ...base.cookies } as Record<DocPerson, string>
  const A = base.clients.a
  const B = base.clients.b
  const PA = base.projects.a

  people.clerk_b = await createPersona(ctx, 'clerk_b', { kind: 'staff' })
  await o`insert into public.client_staff (client_id, account_id) values (${B}, ${people.clerk_b.id})`
  people.client_a_disabled = await createPersona(ctx, 'client_a_disabled')
  // Past the deadline without a factor: only an aal1 session exists.
  people.client_a_late = await createPersona(ctx, 'client_a_late', { graceHours: -1, aal: 'aal1' })
  for (const who of [people.client_a_disabled, people.client_a_late])
    await o`insert into public.client_members (client_id, account_id, role, granted_by, accepted_at) values (${A}, ${who.id}, 'member', ${people.clerk_a.id}, now())`
  // Both also take part in project A, so only the rule under test keeps them out.
  await o`insert into public.project_participants (project_id, client_id, account_id, kind, invited_by) values
          (${PA}, ${A}, ${people.client_a_disabled.id}, 'member', ${people.clerk_a.id}),
          (${PA}, ${A}, ${people.client_a_late.id}, 'member', ${people.clerk_a.id})`
  cookies.clerk_b = await signInAs(ctx, people.clerk_b)
  cookies.client_a_disabled = await signInAs(ctx, people.client_a_disabled)
  cookies.client_a_late = await signInAs(ctx, people.client_a_late, 'aal1')

  const item = async (kind: string, client: string, project: string | null, audience: string, title: string, by: Persona, recipients: Persona[] = []) => {
    const [row] = await o`insert into public.items (kind, client_id, project_id, audience, title, created_by)
                          values (${kind}, ${client}, ${project}, ${audience}, ${title}, ${by.id}) returning id`
    for (const r of recipients) await o`insert into public.item_recipients (item_id, account_id) values (${row!.id}, ${r.id})`
    return row!.id as string
  }

  const requests: Record<RequestName, string> = {} as never
  const request = async (name: RequestName, client: string, by: Persona, audience: string, recipients: Persona[] = []) => {
    const id = await item('document_request', client, null, audience, `Anforderung ${name}`, by, recipients)
    await o`insert into public.document_requests (item_id, client_id, hint) values (${id}, ${client}, 'Bitte hochladen')`
    requests[name] = id
    return id
  }
  await request('r_a_client', A, people.clerk_a, 'client')
  await request('r_a_owner', A, people.clerk_a, 'people', [people.client_a_owner])
  await request('r_b', B, people.clerk_b, 'client')

  const documents = {} as Record<DocumentName, string>
  const bodies = {} as Record<DocumentName, [Buffer, Buffer]>
  const store = async (body: Buffer) => writeEncryptedFile(ctx.runtime.blobs, ctx.runtime.secrets.fileMasterKey, Readable.from([body]), 1 << 20)
  const document = async (name: DocumentName, client: string, project: string | null, audience: string, by: Persona, recipients: Persona[] = [], requestId: string | null = null) => {
    const id = await item('document', client, project, audience, `Dokument ${name}`, by, recipients)
    await o`insert into public.documents (item_id, client_id, request_id) values (${id}, ${client}, ${requestId})`
    bodies[name] = [pdfBody(`${name} v1`), pdfBody(`${name} v2`)]
    for (const [i, body] of bodies[name].entries()) {
      const f = await store(body)
      await o`insert into public.document_versions (item_id, client_id, version, filename, media_type, size, sha256, blob_name, wrapped_key, uploaded_by)
              values (${id}, ${client}, ${i + 1}, ${`${name}-v${i + 1}.pdf`}, 'application/pdf', ${f.size}, ${f.sha256}, ${f.blobName}, ${f.wrappedKey}, ${by.id})`
    }
    documents[name] = id
  }
  const p = people
  await document('a_client', A, null, 'client', p.clerk_a)
  await document('a_project', A, PA, 'project', p.clerk_a)
  await document('a_people', A, PA, 'people', p.clerk_a, [p.tax_adviser])
  await document('a_internal', A, null, 'internal', p.clerk_a)
  await document('a_upload', A, null, 'client', p.client_a_member)
  await document('a_answer', A, null, 'people', p.client_a_member, [], requests.r_a_client)
  await o`update public.document_requests set status = 'submitted' where item_id = ${requests.r_a_client}`
  await document('b_client', B, null, 'client', p.lawyer)

  const groups = {} as Record<GroupName, string>
  groups.g_client = await item('document_group', A, null, 'client', 'Mappe Mandant', p.clerk_a)
  groups.g_project = await item('document_group', A, PA, 'project', 'Mappe Projekt', p.clerk_a)
  groups.g_people = await item('document_group', A, PA, 'people', 'Mappe Steuerberater', p.clerk_a, [p.tax_adviser])
  groups.g_b = await item('document_group', B, null, 'client', 'Mappe Beta', p.clerk_b)
  for (const g of GROUPS)
    for (const d of GROUP_ENTRIES[g])
      await o`insert into public.document_group_entries (group_id, document_id, client_id, added_by)
              values (${groups[g]}, ${documents[d]}, ${g === 'g_b' ? B : A}, ${g === 'g_b' ? p.clerk_b.id : p.clerk_a.id})`

  const sealed = (text: string) => seal(ctx.runtime.secrets.fileMasterKey, 'comment-body', Buffer.from(text, 'utf8'))
  const comment = async (group: GroupName, author: DocPerson, text: string) => {
    const [row] = await o`insert into public.comments (item_id, client_id, author_id, body_ciphertext)
                          values (${groups[group]}, ${group === 'g_b' ? B : A}, ${people[author].id}, ${sealed(text)}) returning id`
    return row!.id as string
  }
  const comments = {} as Record<CommentName, string>
  // Every live comment was edited once, so each has a history to read.
  const edited = async (id: string, before: string) => {
    await o`insert into public.comment_revisions (comment_id, body_ciphertext) values (${id}, ${sealed(before)})`
    await o`update public.comments set edited_at = now() where id = ${id}`
  }
  comments.c_member = await comment('g_client', 'client_a_member', 'Jetzt richtig.')
  await edited(comments.c_member, 'Erst falsch.')
  comments.c_clerk = await comment('g_client', 'clerk_a', 'Danke, liegt vor.')
  await edited(comments.c_clerk, 'Danke.')
  comments.c_deleted = await comment('g_client', 'client_a_owner', 'Versehentlich geschrieben.')
  await o`insert into public.comment_revisions (comment_id, body_ciphertext) values (${comments.c_deleted}, ${sealed('Versehentlich geschrieben.')})`
  await o`update public.comments set body_ciphertext = null, deleted_at = now() where id = ${comments.c_deleted}`
  comments.c_adviser = await comment('g_people', 'tax_adviser', 'Bilanz folgt.')
  await edited(comments.c_adviser, 'Bilanz kommt.')

  for (const [doc, who, kind] of SEEDED_RECEIPTS)
    await o`insert into public.document_events (item_id, client_id, account_id, kind) values (${documents[doc]}, ${doc === 'b_client' ? B : A}, ${people[who].id}, ${kind})`

  // Disabled after signing in and after the receipt: the open session must stop working.
  await o`update public.accounts set disabled_at = now() where id = ${people.client_a_disabled.id}`

  let seq = 0
  return {
    ...base,
    people,
    cookies,
    documents,
    bodies,
    groups,
    requests,
    comments,
    async freshRequest() {
      const id = await item('document_request', A, null, 'client', `Anforderung ${++seq}`, p.clerk_a)
      await o`insert into public.document_requests (item_id, client_id, status) values (${id}, ${A}, 'submitted')`
      const [answer] = await o`insert into public.items (kind, client_id, audience, title, created_by) values ('document', ${A}, 'people', 'Antwort', ${p.client_a_member.id}) returning id`
      await o`insert into public.documents (item_id, client_id, request_id) values (${answer!.id}, ${A}, ${id})`
      return id
    },
    freshComment: (group, author, text = 'Neuer Kommentar') => comment(group, author, text),
  }
}
