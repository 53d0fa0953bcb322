import { audit, type RequestMeta } from '../../_shared/audit.ts'
import { AppError } from '../../_shared/errors.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import type { ConversationStatus } from '../schemas.ts'
import { invalidAssignee, notFound, unknownCategory } from './errors.ts'

/**
 * Staff of the client set a conversation's status (done closes it, anything else reopens it),
 * assignee (staff of the client or an admin; null: nobody) and category. Each change is audited.
 * not_found for a conversation the caller does not see; forbidden for people who see it but are
 * not the client's staff; invalid_assignee, unknown_category; nothing changes on any error.
 */
export async function updateConversation(
  rt: Runtime,
  session: SessionInfo,
  itemId: string,
  change: { status?: ConversationStatus; assigneeId?: string | null; categoryId?: string },
  meta: RequestMeta,
) {
  const now = rt.now()
  return rt.db.asUser(session.claims, async (tx) => {
    const [c] = await tx`select c.client_id, c.status, c.assignee_id, c.category_id, private.is_client_staff(c.client_id) as staff
                         from public.conversations c where c.item_id = ${itemId}`
    if (!c) throw notFound()
    if (!c.staff) throw new AppError('forbidden', { status: 403, message: 'Only the firm changes status and assignee.' })
    if (change.assigneeId) {
      const [ok] = await tx`select private.is_assignable(${c.client_id}, ${change.assigneeId}) as ok`
      if (!ok?.ok) throw invalidAssignee()
    }
    if (change.categoryId) {
      const [cat] = await tx`select id from public.message_categories where id = ${change.categoryId} and archived_at is null`
      if (!cat) throw unknownCategory()
    }
    const status = change.status ?? c.status
    const assignee = change.assigneeId === undefined ? c.assignee_id : change.assigneeId
    const category = change.categoryId ?? c.category_id
    await tx`update public.conversations set status = ${status}, assignee_id = ${assignee}, category_id = ${category},
               status_changed_at = case when status is distinct from ${status} then ${now} else status_changed_at end,
               closed_at = case when ${status} = 'done' then coalesce(closed_at, ${now}) else null end
             where item_id = ${itemId}`
    const entry = { actorId: session.accountId, clientId: c.client_id, objectType: 'item', objectId: itemId }
    if (status !== c.status) await audit(tx, { ...entry, action: 'conversation.status_changed', detail: { from: c.status, to: status } }, meta)
    if (assignee !== c.assignee_id) await audit(tx, { ...entry, action: 'conversation.assigned', detail: { from: c.assignee_id, to: assignee } }, meta)
    if (category !== c.category_id) await audit(tx, { ...entry, action: 'conversation.category_changed', detail: { from: c.category_id, to: category } }, meta)
    return { status, assigneeId: assignee, categoryId: category }
  })
}
