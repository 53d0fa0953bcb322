import { audit, type RequestMeta } from '../../_shared/audit.ts'
import { open, seal } from '../../_shared/crypto.ts'
import type { Db, Tx } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'

const notFound = () => new AppError('not_found', { status: 404, message: 'Not found.' })
const MENTION = /@\[([0-9a-f-]{36})\]/g

/** A document group (Dokumentenmappe) for an audience; the policies decide who may create one. */
export async function createGroup(db: Db, session: SessionInfo, input: { clientId: string; title: string; audience: 'client' | 'project' | 'people'; projectId: string | null; recipients: string[] }, meta: RequestMeta) {
  const id = crypto.randomUUID()
  return db.asUser(session.claims, async (tx) => {
    await tx`insert into public.items (id, kind, client_id, project_id, audience, title, created_by)
             values (${id}, 'document_group', ${input.clientId}, ${input.projectId}, ${input.audience}, ${input.title}, ${session.accountId})`
    for (const r of new Set(input.recipients)) await tx`insert into public.item_recipients (item_id, account_id) values (${id}, ${r})`
    await audit(tx, { actorId: session.accountId, clientId: input.clientId, action: 'document_group.created', objectType: 'item', objectId: id }, meta)
    return { id }
  })
}

/** Adds a document of the same client to a group (the group's creator and the client's staff). */
export async function addToGroup(db: Db, session: SessionInfo, groupId: string, documentId: string, meta: RequestMeta) {
  return db.asUser(session.claims, async (tx) => {
    const [group] = await tx`select client_id from public.items where id = ${groupId} and kind = 'document_group'`
    if (!group) throw notFound()
    await tx`insert into public.document_group_entries (group_id, document_id, client_id, added_by)
             values (${groupId}, ${documentId}, ${group.client_id}, ${session.accountId}) on conflict do nothing`
    await audit(tx, { actorId: session.accountId, clientId: group.client_id, action: 'document_group.document_added', objectType: 'item', objectId: groupId, detail: { documentId } }, meta)
    return { added: true }
  })
}

/**
 * The document groups of a client or of a project that the caller may see, latest activity
 * first, with how many documents (of those the caller may see) and comments they hold. A client
 * or project the caller cannot see answers not_found.
 */
export async function listGroups(db: Db, session: SessionInfo, scope: { clientId: string } | { projectId: string }) {
  return db.asUser(session.claims, async (tx) => {
    const [visible] = 'projectId' in scope
      ? await tx`select 1 from public.projects where id = ${scope.projectId}`
      : await tx`select 1 from public.clients where id = ${scope.clientId}`
    if (!visible) throw notFound()
    return tx`
      select g.id, g.title, g.audience, g.client_id as "clientId", g.project_id as "projectId", g.created_at as "createdAt",
             (select p.name from public.projects p where p.id = g.project_id) as "projectName",
             ${recipientsOf(tx)} as recipients,
             (select count(*)::int from public.document_group_entries e join public.items d on d.id = e.document_id where e.group_id = g.id) as documents,
             (select count(*)::int from public.comments c where c.item_id = g.id and c.deleted_at is null) as comments,
             greatest(g.created_at, (select max(c.created_at) from public.comments c where c.item_id = g.id),
                      (select max(e.added_at) from public.document_group_entries e where e.group_id = g.id)) as "lastActivityAt"
      from public.items g
      where g.kind = 'document_group' and ${'projectId' in scope ? tx`g.project_id = ${scope.projectId}` : tx`g.client_id = ${scope.clientId}`}
      order by "lastActivityAt" desc, g.id desc limit 500`
  })
}

/** The named recipients of the group row g, by name, as a JSON array (for the audience chip). */
const recipientsOf = (tx: Tx) => tx`coalesce((select json_agg(json_build_object('id', r.account_id, 'displayName', a.display_name) order by a.display_name)
  from public.item_recipients r left join public.accounts a on a.id = r.account_id where r.item_id = g.id), '[]'::json)`

/**
 * A group with the documents the caller may see (each document's own audience still applies),
 * its comment thread, decrypted (deleted comments are tombstones without text), and the people
 * of its audience whose names the caller may read: they can be mentioned. mayEdit says whether
 * the caller may add and remove documents (the policies decide again on every change).
 */
export async function getGroup(rt: Runtime, session: SessionInfo, groupId: string) {
  return rt.db.asUser(session.claims, async (tx) => {
    const [group] = await tx`
      select g.id, g.client_id as "clientId", g.project_id as "projectId", g.title, g.audience, g.created_at as "createdAt",
             g.created_by as "createdBy", (select p.name from public.projects p where p.id = g.project_id) as "projectName",
             ${recipientsOf(tx)} as recipients,
             (g.created_by = (select auth.uid()) or private.is_client_staff(g.client_id)) as "mayEdit"
      from public.items g where g.id = ${groupId} and g.kind = 'document_group'`
    if (!group) throw notFound()
    const documents = await tx`
      select i.id, i.title, v.filename, v.media_type as "mediaType", v.size::float8 as size, v.version, e.added_at as "addedAt"
      from public.document_group_entries e join public.items i on i.id = e.document_id
      left join lateral (select * from public.document_versions v where v.item_id = i.id order by v.version desc limit 1) v on true
      where e.group_id = ${groupId} order by e.added_at, i.title`
    const comments = await tx`
      select c.id, c.author_id as "authorId", a.display_name as "authorName", c.body_ciphertext, c.created_at as "createdAt",
             c.edited_at as "editedAt", c.deleted_at as "deletedAt",
             (select count(*)::int from public.comment_revisions r where r.comment_id = c.id) as revisions
      from public.comments c left join public.accounts a on a.id = c.author_id
      where c.item_id = ${groupId} order by c.created_at`
    return {
      ...group,
      documents,
      comments: comments.map(({ body_ciphertext, ...c }) => ({ ...c, body: body_ciphertext ? openComment(rt, body_ciphertext) : null })),
      people: await audiencePeople(tx, groupId),
    }
  })
}

const openComment = (rt: Runtime, sealed: Buffer) => open(rt.secrets.fileMasterKey, 'comment-body', sealed).toString('utf8')

/**
 * The people in a group's audience (its client's assigned staff; the client's members who may
 * read documents, or the project's, or the named recipients; the creator), as far as the
 * caller may read their names. Mentions are offered from this list.
 */
async function audiencePeople(tx: Tx, groupId: string) {
  return tx`
    with g as (select * from public.items where id = ${groupId}),
    members as (
      select m.account_id, m.role, m.rights from public.client_members m, g
      where m.client_id = g.client_id and m.accepted_at is not null and m.revoked_at is null
        and (m.expires_at is null or m.expires_at > now())
        and 'documents.read' = any(private.effective_rights(m.role, m.rights)))
    select a.id, a.display_name as "displayName", a.kind
    from public.accounts a, g
    where a.disabled_at is null and (
      a.id = g.created_by
      or a.id in (select s.account_id from public.client_staff s where s.client_id = g.client_id)
      or (g.audience = 'client' and a.id in (select account_id from members))
      or (g.audience = 'project' and a.id in (select account_id from members m
            where 'members.manage' = any(private.effective_rights(m.role, m.rights))
               or m.account_id in (select p.account_id from public.project_participants p
                                   where p.project_id = g.project_id and p.kind = 'member' and p.revoked_at is null)))
      or (g.audience = 'people' and a.id in (select r.account_id from public.item_recipients r where r.item_id = g.id)))
    order by a.kind = 'staff' desc, a.display_name`
}

/**
 * Takes a document out of a group (the document itself stays). The group's creator and the
 * client's staff may; for anyone else, or an entry that is not there, not_found.
 */
export async function removeFromGroup(db: Db, session: SessionInfo, groupId: string, documentId: string, meta: RequestMeta) {
  return db.asUser(session.claims, async (tx) => {
    const rows = await tx`delete from public.document_group_entries where group_id = ${groupId} and document_id = ${documentId} returning client_id`
    if (!rows.length) throw notFound()
    await audit(tx, { actorId: session.accountId, clientId: rows[0]!.client_id, action: 'document_group.document_removed', objectType: 'item', objectId: groupId, detail: { documentId } }, meta)
    return { removed: true }
  })
}

/**
 * The history of a comment: each earlier text with the time it was replaced, oldest first, then
 * the current text. A deleted comment has no history to show (its tombstone is all that is
 * left for readers): not_found, like a comment the caller cannot see.
 */
export async function listRevisions(rt: Runtime, session: SessionInfo, commentId: string) {
  return rt.db.asUser(session.claims, async (tx) => {
    const [comment] = await tx`select body_ciphertext, created_at, edited_at from public.comments where id = ${commentId} and deleted_at is null`
    if (!comment) throw notFound()
    const rows = await tx`select body_ciphertext, replaced_at from public.comment_revisions where comment_id = ${commentId} order by replaced_at, id`
    // Each revision was written at the moment its text was replaced: it was the text from the
    // previous replacement (or the comment's creation) until then.
    let since: Date = comment.created_at
    const revisions = rows.map((r) => {
      const entry = { body: openComment(rt, r.body_ciphertext), writtenAt: since, replacedAt: r.replaced_at as Date }
      since = r.replaced_at
      return entry
    })
    return { revisions, current: { body: openComment(rt, comment.body_ciphertext), writtenAt: comment.edited_at ?? comment.created_at } }
  })
}

/** Comments on a group; people mentioned as @[account id] get a mail (no comment text). */
export async function addComment(rt: Runtime, session: SessionInfo, groupId: string, body: string, meta: RequestMeta) {
  const id = crypto.randomUUID()
  return rt.db.asUser(session.claims, async (tx) => {
    const [group] = await tx`select client_id from public.items where id = ${groupId}`
    if (!group) throw notFound()
    await tx`insert into public.comments (id, item_id, client_id, author_id, body_ciphertext)
             values (${id}, ${groupId}, ${group.client_id}, ${session.accountId}, ${seal(rt.secrets.fileMasterKey, 'comment-body', Buffer.from(body, 'utf8'))})`
    const mentioned = new Set([...body.matchAll(MENTION)].map((m) => m[1]!).filter((a) => a !== session.accountId))
    // Only the page's path: the function puts the stored public origin in front of it.
    for (const person of mentioned) await tx`select private.notify_mention(${id}, ${person}, ${`/mappen/${groupId}`})`
    await audit(tx, { actorId: session.accountId, clientId: group.client_id, action: 'comment.created', objectType: 'comment', objectId: id, detail: { mentions: mentioned.size } }, meta)
    return { id }
  })
}

/** The author edits (the previous text is kept as a revision) or deletes (a tombstone) a comment. */
export async function changeComment(rt: Runtime, session: SessionInfo, commentId: string, change: { body: string } | { delete: true }, meta: RequestMeta) {
  const now = rt.now()
  return rt.db.asUser(session.claims, async (tx) => {
    const [comment] = await tx`select body_ciphertext, client_id from public.comments where id = ${commentId} and author_id = ${session.accountId} and deleted_at is null`
    if (!comment) throw notFound()
    await tx`insert into public.comment_revisions (comment_id, body_ciphertext) values (${commentId}, ${comment.body_ciphertext})`
    const rows =
      'delete' in change
        ? await tx`update public.comments set body_ciphertext = null, deleted_at = ${now} where id = ${commentId} returning id`
        : await tx`update public.comments set body_ciphertext = ${seal(rt.secrets.fileMasterKey, 'comment-body', Buffer.from(change.body, 'utf8'))}, edited_at = ${now}
                   where id = ${commentId} returning id`
    if (!rows.length) throw notFound()
    await audit(tx, { actorId: session.accountId, clientId: comment.client_id, action: 'delete' in change ? 'comment.deleted' : 'comment.edited', objectType: 'comment', objectId: commentId }, meta)
    return { changed: true }
  })
}
