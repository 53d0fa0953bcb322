import { audit, type RequestMeta } from '../../_shared/audit.ts'
import { open, seal } from '../../_shared/crypto.ts'
import type { Db } from '../../_shared/db.ts'
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
 * A group with the documents the caller may see (each document's own audience still applies)
 * and its comment thread, decrypted; deleted comments are tombstones without text.
 */
export async function getGroup(rt: Runtime, session: SessionInfo, groupId: string) {
  return rt.db.asUser(session.claims, async (tx) => {
    const [group] = await tx`select id, client_id as "clientId", title, audience, created_at as "createdAt" from public.items where id = ${groupId} and kind = 'document_group'`
    if (!group) throw notFound()
    const documents = await tx`
      select i.id, i.title, (select v.filename from public.document_versions v where v.item_id = i.id order by v.version desc limit 1) as filename
      from public.document_group_entries e join public.items i on i.id = e.document_id
      where e.group_id = ${groupId} order by e.added_at`
    const comments = await tx`
      select c.id, c.author_id as "authorId", a.display_name as "authorName", c.body_ciphertext, c.created_at as "createdAt",
             c.edited_at as "editedAt", c.deleted_at as "deletedAt",
             (select count(*)::int from public.comment_revisions r where r.comment_id = c.id) as revisions
      from public.comments c left join public.accounts a on a.id = c.author_id
      where c.item_id = ${groupId} order by c.created_at`
    return {
      ...group,
      documents,
      comments: comments.map(({ body_ciphertext, ...c }) => ({ ...c, body: body_ciphertext ? open(rt.secrets.fileMasterKey, 'comment-body', body_ciphertext).toString('utf8') : null })),
    }
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
    for (const person of mentioned) await tx`select private.notify_mention(${id}, ${person}, ${`${meta.origin}/mappen/${groupId}`})`
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
