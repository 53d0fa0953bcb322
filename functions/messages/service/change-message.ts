import { audit, type RequestMeta } from '../../_shared/audit.ts'
import { openMessageBody, searchTokens, sealMessageBody } from '../../_shared/message-crypto.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import { notFound } from './errors.ts'

/**
 * The author edits a message (the previous text is kept as a revision, the blind index follows the
 * new text) or deletes it (a tombstone; the last text stays in the revisions, which only the
 * firm reads afterwards). Anyone else, a deleted message, or an author who may no longer write
 * in the conversation: not_found, and nothing changes. Audited as message.edited / message.deleted.
 */
export async function changeMessage(rt: Runtime, session: SessionInfo, messageId: string, change: { body: string } | { delete: true }, meta: RequestMeta) {
  const now = rt.now()
  const key = rt.secrets.fileMasterKey
  return rt.db.asUser(session.claims, async (tx) => {
    const [m] = await tx`select item_id, client_id, body_ciphertext, body_key from public.messages
                         where id = ${messageId} and author_id = ${session.accountId} and deleted_at is null`
    if (!m) throw notFound()
    // The revision is the current text, kept right before the change (the policy checks that).
    await tx`insert into public.message_revisions (message_id, body_ciphertext, body_key, replaced_at)
             values (${messageId}, ${m.body_ciphertext}, ${m.body_key}, ${now})`
    const sealed = 'delete' in change ? null : sealMessageBody(key, change.body)
    const rows = sealed
      ? await tx`update public.messages set body_ciphertext = ${sealed.ciphertext}, body_key = ${sealed.key},
                   search_tokens = ${searchTokens(key, (change as { body: string }).body)}, edited_at = ${now}
                 where id = ${messageId} returning id`
      : await tx`update public.messages set body_ciphertext = null, body_key = null, search_tokens = '{}', deleted_at = ${now}
                 where id = ${messageId} returning id`
    // The update policy also asks whether the author may still write here.
    if (!rows.length) throw notFound()
    await audit(tx, { actorId: session.accountId, clientId: m.client_id, action: sealed ? 'message.edited' : 'message.deleted', objectType: 'message', objectId: messageId, detail: { itemId: m.item_id } }, meta)
    return { changed: true }
  })
}

/**
 * The history of a message: each earlier text with the time it was written and replaced, oldest
 * first, then the current one. The audience reads the history of a live message; the firm also
 * that of a deleted one (current: null). not_found otherwise.
 */
export async function listRevisions(rt: Runtime, session: SessionInfo, messageId: string) {
  const key = rt.secrets.fileMasterKey
  return rt.db.asUser(session.claims, async (tx) => {
    const [m] = await tx`select body_ciphertext, body_key, created_at, edited_at, deleted_at from public.messages where id = ${messageId}`
    if (!m) throw notFound()
    const rows = await tx`select body_ciphertext, body_key, replaced_at from public.message_revisions where message_id = ${messageId} order by replaced_at, id`
    if (m.deleted_at && !rows.length) throw notFound()
    let since: Date = m.created_at
    const revisions = rows.map((r) => {
      const entry = { body: openMessageBody(key, { ciphertext: r.body_ciphertext, key: r.body_key }), writtenAt: since, replacedAt: r.replaced_at as Date }
      since = r.replaced_at
      return entry
    })
    const current = m.body_ciphertext ? { body: openMessageBody(key, { ciphertext: m.body_ciphertext, key: m.body_key }), writtenAt: m.edited_at ?? m.created_at } : null
    return { revisions, current, deletedAt: m.deleted_at as Date | null }
  })
}
