import type { Tx } from '../../_shared/db.ts'
import { openMessageBody } from '../../_shared/message-crypto.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import { notFound } from './errors.ts'

export type MessageView = {
  id: string
  itemId: string
  authorId: string
  authorName: string | null
  authorIsStaff: boolean
  /** null for a deleted message (a tombstone). */
  body: string | null
  createdAt: Date
  editedAt: Date | null
  deletedAt: Date | null
  revisions: number
  clientRef: string | null
  attachments: { id: string; title: string; filename: string | null; size: number | null; mediaType: string | null }[]
}

/**
 * The messages of a conversation the caller sees, oldest first, decrypted; deleted ones as
 * tombstones. afterId: only those after that message (catch-up after a reconnect); a message
 * committed a little later with an earlier time can slip behind a cursor, so overlapMs widens the
 * window backwards and the reader de-duplicates by id. Runs in the caller's transaction (RLS).
 * Throws not_found when the conversation is not visible or afterId is not one of its messages.
 * ids: only these messages (the realtime server reads one new or edited message).
 * The messages API and the realtime hub (through message-source.ts) read messages with it.
 */
export async function messagesOf(
  tx: Tx,
  rt: Runtime,
  itemId: string,
  options: { afterId?: string; limit?: number; overlapMs?: number; ids?: string[] } = {},
): Promise<MessageView[]> {
  const [conversation] = await tx`select item_id from public.conversations where item_id = ${itemId}`
  if (!conversation) throw notFound()
  if (options.afterId) {
    const [known] = await tx`select 1 from public.messages where id = ${options.afterId} and item_id = ${itemId}`
    if (!known) throw notFound()
  }
  // Compared in SQL: the cursor's time keeps its microseconds (a JS Date would cut them).
  const cursor = tx`(select created_at from public.messages where id = ${options.afterId ?? null})`
  const rows = await tx`
    with people as (select * from private.conversation_people(${itemId}))
    select m.id, m.item_id, m.author_id, a.display_name as author_name, coalesce(a.is_staff, false) as author_is_staff,
           m.body_ciphertext, m.body_key, m.created_at, m.edited_at, m.deleted_at, m.client_ref,
           (select count(*)::int from public.message_revisions r where r.message_id = m.id) as revisions,
           case when m.deleted_at is null then coalesce((
             select json_agg(json_build_object('id', d.id, 'title', d.title, 'filename', v.filename, 'size', v.size, 'mediaType', v.media_type) order by d.title)
             from public.message_attachments ma join public.items d on d.id = ma.document_id
             left join lateral (select * from public.document_versions v where v.item_id = d.id order by v.version desc limit 1) v on true
             where ma.message_id = m.id), '[]'::json) else '[]'::json end as attachments
    from public.messages m left join people a on a.account_id = m.author_id
    where m.item_id = ${itemId}
      ${options.ids ? tx`and m.id = any(${options.ids}::uuid[])` : tx``}
      ${!options.afterId ? tx`` : options.overlapMs
        ? tx`and m.created_at >= ${cursor} - make_interval(secs => ${options.overlapMs / 1000}) and m.id <> ${options.afterId}`
        : tx`and (m.created_at, m.id) > (${cursor}, ${options.afterId}::uuid)`}
    order by m.created_at, m.id
    limit ${options.limit ?? 500}`
  return rows.map((r) => ({
    id: r.id,
    itemId: r.item_id,
    authorId: r.author_id,
    authorName: r.author_name,
    authorIsStaff: r.author_is_staff,
    body: r.body_ciphertext ? openMessageBody(rt.secrets.fileMasterKey, { ciphertext: r.body_ciphertext, key: r.body_key }) : null,
    createdAt: r.created_at,
    editedAt: r.edited_at,
    deletedAt: r.deleted_at,
    revisions: r.revisions,
    clientRef: r.client_ref,
    attachments: (r.attachments as MessageView['attachments']).map((x) => ({ ...x, size: x.size === null ? null : Number(x.size) })),
  }))
}

/** The messages of a conversation for the signed-in person (see messagesOf). */
export async function listMessages(rt: Runtime, session: SessionInfo, itemId: string, options: { afterId?: string; limit?: number; overlapMs?: number } = {}) {
  return rt.db.asUser(session.claims, (tx) => messagesOf(tx, rt, itemId, options))
}
