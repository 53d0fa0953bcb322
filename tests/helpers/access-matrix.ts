import type { ItemName, Person } from './access-fixture.ts'
import { GROUP_ENTRIES, SEEDED_RECEIPTS, type CommentName, type DocPerson, type DocumentName, type GroupName } from './document-fixture.ts'

/**
 * The expected access of every person, written once and checked twice: directly in SQL with the
 * person's claims (tests/db/clients) and through the HTTP API (tests/functions/clients).
 */
export const VISIBLE_ITEMS: Record<Person, ItemName[]> = {
  lawyer: ['a_client_doc', 'a_project_doc', 'a_for_adviser', 'a_internal', 'a_info_page', 'b_client_doc', 'b_for_adviser', 'group_page'],
  clerk_a: ['a_client_doc', 'a_project_doc', 'a_for_adviser', 'a_internal', 'a_info_page', 'group_page'],
  client_a_owner: ['a_client_doc', 'a_project_doc', 'a_info_page', 'group_page'],
  client_a_manager: ['a_client_doc', 'a_project_doc', 'a_info_page', 'group_page'],
  client_a_member: ['a_client_doc', 'a_project_doc', 'a_info_page', 'group_page'],
  client_a_viewer: ['a_client_doc', 'a_info_page', 'group_page'],
  client_a_delegate: ['a_client_doc', 'a_info_page', 'group_page'],
  tax_adviser: ['a_for_adviser', 'b_for_adviser'],
  client_b_owner: ['b_client_doc'],
  outsider: [],
}

export const VISIBLE_CLIENTS: Record<Person, ('a' | 'b')[]> = {
  lawyer: ['a', 'b'],
  clerk_a: ['a'],
  client_a_owner: ['a'],
  client_a_manager: ['a'],
  client_a_member: ['a'],
  client_a_viewer: ['a'],
  client_a_delegate: ['a'],
  tax_adviser: [],
  client_b_owner: ['b'],
  outsider: [],
}

export const VISIBLE_PROJECTS: Record<Person, ('a' | 'b')[]> = {
  lawyer: ['a', 'b'],
  clerk_a: ['a'],
  client_a_owner: ['a'],
  client_a_manager: ['a'],
  client_a_member: ['a'],
  client_a_viewer: ['a'],
  client_a_delegate: [],
  tax_adviser: ['a', 'b'],
  client_b_owner: ['b'],
  outsider: [],
}

/** Who sees client A's team (its five memberships). */
export const SEES_TEAM_A: Person[] = ['lawyer', 'clerk_a', 'client_a_owner', 'client_a_manager', 'client_a_member', 'client_a_viewer', 'client_a_delegate']

/** Actions on client A and who may take them. */
export const ALLOWED: Record<string, Person[]> = {
  'create client document': ['lawyer', 'clerk_a', 'client_a_owner', 'client_a_manager', 'client_a_member'],
  'create project document': ['lawyer', 'clerk_a', 'client_a_owner', 'client_a_manager', 'client_a_member'],
  'create document for named people in the project': ['lawyer', 'clerk_a', 'client_a_owner', 'client_a_manager', 'client_a_member', 'tax_adviser'],
  'create internal item': ['lawyer', 'clerk_a'],
  'create info page': ['lawyer', 'clerk_a'],
  'update item': ['lawyer', 'clerk_a'],
  'widen item audience': ['lawyer', 'clerk_a'],
  'delete item': ['lawyer', 'clerk_a'],
  'invite member': ['lawyer', 'clerk_a', 'client_a_owner', 'client_a_manager'],
  'create project': ['lawyer', 'clerk_a'],
  'add outside participant': ['lawyer', 'clerk_a'],
}

// ============================================================================================
// Documents, document groups, comments and receipts (tests/db/documents, tests/functions/documents)
// The world: tests/helpers/document-fixture.ts. The answers come from DESIGN.md §2.5,
// SECURITY.md (access control, files) and issue 5 — not from what the code happens to do.
// ============================================================================================

/** Staff assigned to each client (admins: all). Staff see every document, group and receipt of it. */
export const STAFF_OF: Record<'a' | 'b', DocPerson[]> = { a: ['lawyer', 'clerk_a'], b: ['lawyer', 'clerk_b'] }

/**
 * Who sees which document (and so its versions, old ones included): client — members with
 * documents.read; project — the project's client-side participants and the client's owners and
 * managers (with documents.read); people — the named recipients and the creator; internal —
 * staff; an answer to a request — its uploader until staff accept it. Staff of the client see
 * all. A disabled account and an aal1 session past the deadline see nothing.
 */
export const VISIBLE_DOCUMENTS: Record<DocPerson, DocumentName[]> = {
  lawyer: ['a_client', 'a_project', 'a_people', 'a_internal', 'a_upload', 'a_answer', 'b_client'],
  clerk_a: ['a_client', 'a_project', 'a_people', 'a_internal', 'a_upload', 'a_answer'],
  clerk_b: ['b_client'],
  client_a_owner: ['a_client', 'a_project', 'a_upload'],
  client_a_manager: ['a_client', 'a_project', 'a_upload'],
  client_a_member: ['a_client', 'a_project', 'a_upload', 'a_answer'],
  client_a_viewer: ['a_client', 'a_upload'],
  client_a_delegate: ['a_client', 'a_upload'],
  tax_adviser: ['a_people'],
  client_b_owner: ['b_client'],
  outsider: [],
  client_a_disabled: [],
  client_a_late: [],
}

/** Who sees which document group: its audience, as for documents (a group needs documents.read). */
export const VISIBLE_GROUPS: Record<DocPerson, GroupName[]> = {
  lawyer: ['g_client', 'g_project', 'g_people', 'g_b'],
  clerk_a: ['g_client', 'g_project', 'g_people'],
  clerk_b: ['g_b'],
  client_a_owner: ['g_client', 'g_project'],
  client_a_manager: ['g_client', 'g_project'],
  client_a_member: ['g_client', 'g_project'],
  client_a_viewer: ['g_client'],
  client_a_delegate: ['g_client'],
  tax_adviser: ['g_people'],
  client_b_owner: ['g_b'],
  outsider: [],
  client_a_disabled: [],
  client_a_late: [],
}

/** A group's entries: only those whose document the person also sees (no hint of the others). */
export const visibleEntries = (person: DocPerson, group: GroupName): DocumentName[] =>
  VISIBLE_GROUPS[person].includes(group) ? GROUP_ENTRIES[group].filter((d) => VISIBLE_DOCUMENTS[person].includes(d)) : []

/**
 * Comments are read by whoever sees their group. The edit history of a live comment is read with
 * it; a deleted comment is a tombstone: in the database its former text (its revisions) stays
 * with the client's staff (retention) and is gone for everyone else, the author included; the API
 * shows nobody the history of a deleted comment.
 */
export const COMMENT_GROUP: Record<CommentName, GroupName> = { c_member: 'g_client', c_clerk: 'g_client', c_deleted: 'g_client', c_adviser: 'g_people' }
export const DELETED_COMMENTS: CommentName[] = ['c_deleted']
export const readsComment = (person: DocPerson, c: CommentName) => VISIBLE_GROUPS[person].includes(COMMENT_GROUP[c])
export const readsRevisionsOf = (person: DocPerson, c: CommentName) =>
  readsComment(person, c) && (!DELETED_COMMENTS.includes(c) || STAFF_OF.a.includes(person))

/** Receipts: staff of the client see all of a document's; anyone else at most their own, of documents they still see. */
export const visibleReceipts = (person: DocPerson): [DocumentName, DocPerson, string][] =>
  SEEDED_RECEIPTS.filter(([doc, who]) =>
    STAFF_OF[doc.startsWith('b_') ? 'b' : 'a'].includes(person) || (who === person && VISIBLE_DOCUMENTS[person].includes(doc)))

/** Actions and who may take them; everyone else is refused (SQL: no row / 42501; API: 404). */
export const DOCUMENT_ACTIONS_ALLOWED: Record<string, DocPerson[]> = {
  // Versions: the document's creator (while still entitled) and the client's staff.
  'add a version to a_client (by clerk_a)': ['lawyer', 'clerk_a'],
  'add a version to a_upload (by client_a_member)': ['lawyer', 'clerk_a', 'client_a_member'],
  'add a version to b_client': ['lawyer', 'clerk_b'],
  // Receipts are each person's own; nobody records one for someone else, staff included.
  'record an own receipt of a_client': ['lawyer', 'clerk_a', 'client_a_owner', 'client_a_manager', 'client_a_member', 'client_a_viewer', 'client_a_delegate'],
  'record a receipt of a_client for another person': [],
  'confirm receipt of a_people': ['lawyer', 'clerk_a', 'tax_adviser'],
  // Intake: the people asked (with documents.upload) and the client's staff upload into a request.
  'upload into client A’s request': ['lawyer', 'clerk_a', 'client_a_owner', 'client_a_manager', 'client_a_member'],
  'upload into the request addressed to client A’s owner': ['lawyer', 'clerk_a', 'client_a_owner'],
  'upload into client B’s request': ['lawyer', 'clerk_b', 'client_b_owner'],
  'file a client A document under client B’s request': [],
  // Decisions and reminders are the firm's (staff of the client).
  'accept client A’s request': ['lawyer', 'clerk_a'],
  'return client A’s request': ['lawyer', 'clerk_a'],
  'remind about a_client': ['lawyer', 'clerk_a'],
  'remind about a_people (nobody left to remind)': ['lawyer', 'clerk_a'],
  // Groups: the group's creator (clerk_a) and the client's staff add documents of the same client.
  'add a_upload to g_client': ['lawyer', 'clerk_a'],
  'add b_client to g_client': [],
  'take a_client out of g_client': ['lawyer', 'clerk_a'],
  // Comments: everyone in the group's audience writes in their own name; only the author edits or deletes.
  'comment on g_client': ['lawyer', 'clerk_a', 'client_a_owner', 'client_a_manager', 'client_a_member', 'client_a_viewer', 'client_a_delegate'],
  'comment on g_people': ['lawyer', 'clerk_a', 'tax_adviser'],
  'comment on g_client in another person’s name': [],
  'edit c_member (by client_a_member)': ['client_a_member'],
  'delete c_member (by client_a_member)': ['client_a_member'],
  'edit c_adviser (by tax_adviser)': ['tax_adviser'],
  // The history holds what a comment really said: nobody writes a text into it that the comment
  // did not have, the author included (the edit records the text it replaces).
  'write a revision into c_member’s history': [],
  'write a revision into c_clerk’s history': [],
}
