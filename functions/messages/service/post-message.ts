import { audit, type RequestMeta } from '../../_shared/audit.ts'
import type { Tx } from '../../_shared/db.ts'
import { searchTokens, sealMessageBody } from '../../_shared/message-crypto.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import { attachmentNotFound, mayNotWrite, messagesRateLimited, notFound, refusedAs, takeSendBudget } from './errors.ts'

export type PostedMessage = { id: string; itemId: string; createdAt: Date; duplicate: boolean }

/** The conversation as the caller sees it, and whether the caller may write in it (the policy's helper decides). */
export async function conversationForWriting(tx: Tx, itemId: string) {
  const [row] = await tx`
    select i.id, i.client_id, i.project_id, i.audience, i.created_by, c.kind, c.category_id,
           private.may_write_messages(i.client_id, i.project_id) as may_write
    from public.conversations c join public.items i on i.id = c.item_id where c.item_id = ${itemId}`
  if (!row) throw notFound()
  if (!row.may_write) throw mayNotWrite()
  return row as { id: string; client_id: string; project_id: string | null; audience: string; created_by: string; kind: string; category_id: string | null }
}

/**
 * Inserts one message into a conversation in the caller's transaction: the body sealed, its blind
 * index, the attachments (documents of the same client the author sees). With clientRef, a
 * repeated post of the same message finds the first one (duplicate: true) instead of posting
 * twice. The policies decide whether the caller may write; throws not_found for a conversation
 * the caller cannot see, messages_write_forbidden when they may only read, attachment_not_found.
 * Sends no mail and writes no audit entry: postMessage does, and CHAT may call this directly.
 */
export async function insertMessage(
  tx: Tx,
  rt: Runtime,
  authorId: string,
  itemId: string,
  input: { body: string; attachmentIds?: string[]; clientRef?: string },
): Promise<PostedMessage> {
  const conversation = await conversationForWriting(tx, itemId)
  if (input.clientRef) {
    const [earlier] = await tx`select id, created_at from public.messages where author_id = ${authorId} and client_ref = ${input.clientRef}`
    if (earlier) return { id: earlier.id, itemId, createdAt: earlier.created_at, duplicate: true }
  }
  const id = crypto.randomUUID()
  const sealed = sealMessageBody(rt.secrets.fileMasterKey, input.body)
  const [row] = await refusedAs(
    () => tx`insert into public.messages (id, item_id, client_id, author_id, body_ciphertext, body_key, search_tokens, client_ref)
             values (${id}, ${itemId}, ${conversation.client_id}, ${authorId}, ${sealed.ciphertext}, ${sealed.key},
                     ${searchTokens(rt.secrets.fileMasterKey, input.body)}, ${input.clientRef ?? null}) returning created_at`,
    mayNotWrite,
  )
  await attachDocuments(tx, id, conversation.client_id, input.attachmentIds ?? [])
  return { id, itemId, createdAt: row!.created_at, duplicate: false }
}

/** Attaches documents the author sees (same client, not deleted) to the author's message. */
export async function attachDocuments(tx: Tx, messageId: string, clientId: string, documentIds: string[]) {
  const ids = [...new Set(documentIds)]
  if (!ids.length) return
  const seen = await tx`select item_id from public.documents where item_id = any(${ids}::uuid[]) and client_id = ${clientId} and deleted_at is null`
  if (seen.length !== ids.length) throw attachmentNotFound()
  for (const documentId of ids)
    await refusedAs(() => tx`insert into public.message_attachments (message_id, document_id, client_id) values (${messageId}, ${documentId}, ${clientId})`, attachmentNotFound)
}

/**
 * Queues the no-content mails about a new message (the people who may read it, by their
 * preferences). Only the page's path goes in: the function puts the stored public origin in front
 * of it (private.public_link), never the caller's.
 */
export async function announceMessage(tx: Tx, messageId: string, itemId: string): Promise<number> {
  const [row] = await tx`select private.notify_new_message(${messageId}, ${`/nachrichten/${itemId}`}) as told`
  return Number(row?.told ?? 0)
}

/**
 * Posts a reply (or a chat message) as the signed-in person, in one transaction: the message, its
 * attachments, the author's own read mark, the audit entry and (unless mail is false) the mails
 * without content. A duplicate clientRef answers the first message and sends nothing again.
 * The messages API posts replies with it; the realtime hub posts chat lines through
 * message-source.ts (mail: false).
 */
export async function postMessage(
  rt: Runtime,
  session: SessionInfo,
  itemId: string,
  input: { body: string; attachmentIds?: string[]; clientRef?: string },
  meta: RequestMeta,
  options: { mail?: boolean } = {},
): Promise<PostedMessage & { mailed: number }> {
  return rt.db.asUser(session.claims, async (tx) => {
    const posted = await insertMessage(tx, rt, session.accountId, itemId, input)
    if (posted.duplicate) return { ...posted, mailed: 0 }
    // A reply mails readers and staff: a per-person limit (the socket's chat lines, mail: false,
    // have the hub's own limit and mail nobody).
    if (options.mail !== false) await takeSendBudget(tx, 'message', messagesRateLimited)
    await markReadUpTo(tx, session.accountId, itemId, posted.id)
    const [item] = await tx`select client_id from public.items where id = ${itemId}`
    await audit(tx, { actorId: session.accountId, clientId: item!.client_id, action: 'message.posted', objectType: 'message', objectId: posted.id, detail: { itemId, attachments: input.attachmentIds?.length ?? 0 } }, meta)
    const mailed = options.mail === false ? 0 : await announceMessage(tx, posted.id, itemId)
    return { ...posted, mailed }
  })
}

/**
 * Moves the person's read mark of a conversation forward to a message (default: the latest);
 * never backwards. The caller must see the conversation (the policies refuse otherwise).
 */
export async function markReadUpTo(tx: Tx, accountId: string, itemId: string, messageId?: string) {
  // In one statement: the message's own time (microseconds; a JS Date would cut them).
  const [target] = await tx`
    with target as (
      select m.id, m.created_at, m.client_id from public.messages m
      where m.item_id = ${itemId} ${messageId ? tx`and m.id = ${messageId}` : tx``}
      order by m.created_at desc, m.id desc limit 1),
    marked as (
      insert into public.conversation_reads (item_id, account_id, client_id, last_read_at, last_read_message_id)
      select ${itemId}, ${accountId}, t.client_id, t.created_at, t.id from target t
      on conflict (item_id, account_id) do update
        set last_read_at = excluded.last_read_at, last_read_message_id = excluded.last_read_message_id
        where public.conversation_reads.last_read_at < excluded.last_read_at
      returning 1)
    select t.id, t.created_at from target t`
  if (!target) throw notFound()
  return { lastReadAt: target.created_at as Date, lastReadMessageId: target.id as string }
}
