import { audit, type RequestMeta } from '../../_shared/audit.ts'
import { AppError } from '../../_shared/errors.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'

const notFound = () => new AppError('not_found', { status: 404, message: 'Not found.' })

/**
 * Takes a waiting chat over: the caller becomes its assignee — only while nobody has (two staff
 * at once: one wins, the other gets already_taken). The policies decide who may (the client's staff).
 */
export async function takeChat(rt: Runtime, session: SessionInfo, itemId: string, meta: RequestMeta) {
  return rt.db.asUser(session.claims, async (tx) => {
    const [c] = await tx`select client_id, assignee_id, private.is_client_staff(client_id) as staff from public.conversations where item_id = ${itemId} and kind = 'chat'`
    if (!c) throw notFound()
    if (!c.staff) throw new AppError('forbidden', { status: 403, message: 'Only the firm takes chats over.' })
    const [row] = await tx`update public.conversations set assignee_id = ${session.accountId},
                             status = case when status = 'new' then 'in_progress' else status end,
                             status_changed_at = case when status = 'new' then ${rt.now()} else status_changed_at end
                           where item_id = ${itemId} and assignee_id is null returning item_id`
    if (!row) throw new AppError('already_taken', { status: 409, message: 'Someone else has taken this chat.' })
    await audit(tx, { actorId: session.accountId, clientId: c.client_id, action: 'chat.taken', objectType: 'item', objectId: itemId }, meta)
    return { itemId, assigneeId: session.accountId }
  })
}

/**
 * Turns a chat into a structured request: same item and messages (the history stays in the
 * client's list), now with a subject and a category. Staff of the client only.
 */
export async function convertChat(rt: Runtime, session: SessionInfo, itemId: string, input: { subject: string; categoryId: string }, meta: RequestMeta) {
  return rt.db.asUser(session.claims, async (tx) => {
    const [c] = await tx`select client_id, private.is_client_staff(client_id) as staff from public.conversations where item_id = ${itemId} and kind = 'chat'`
    if (!c) throw notFound()
    if (!c.staff) throw new AppError('forbidden', { status: 403, message: 'Only the firm turns chats into requests.' })
    const [category] = await tx`select id from public.message_categories where id = ${input.categoryId} and archived_at is null`
    if (!category) throw new AppError('unknown_category', { status: 400, message: 'The category does not exist.' })
    await tx`update public.conversations set kind = 'request', category_id = ${input.categoryId} where item_id = ${itemId}`
    await tx`update public.items set title = ${input.subject}, updated_at = ${rt.now()} where id = ${itemId}`
    await audit(tx, { actorId: session.accountId, clientId: c.client_id, action: 'chat.converted', objectType: 'item', objectId: itemId, detail: { categoryId: input.categoryId } }, meta)
    return { itemId, kind: 'request' as const }
  })
}

/** When the other side last read the conversation (no names); not_found when the caller does not see it. */
export async function readState(rt: Runtime, session: SessionInfo, itemId: string) {
  return rt.db.asUser(session.claims, async (tx) => {
    const [c] = await tx`select item_id from public.conversations where item_id = ${itemId}`
    if (!c) throw notFound()
    const [r] = await tx`select private.chat_read_state(${itemId}) as at`
    return { otherSideReadAt: r?.at ? (r.at as Date).toISOString() : null }
  })
}
