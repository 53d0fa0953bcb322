import type { Runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import { notFound } from './errors.ts'
import { conversationColumns } from './list-conversations.ts'
import { messagesOf } from './list-messages.ts'

/**
 * One conversation for its page: the row as in the list, its messages (decrypted, tombstones
 * without text), the people in it, the read marks the caller may see (their own; the client's
 * staff: everyone's), whether the caller may write and handle it, and for staff the people it
 * can be assigned to. not_found for a conversation the caller cannot see.
 */
export async function getConversation(rt: Runtime, session: SessionInfo, itemId: string) {
  return rt.db.asUser(session.claims, async (tx) => {
    const [row] = await tx`
      select ${conversationColumns(tx, session.accountId)},
             private.may_write_messages(i.client_id, i.project_id) as "mayWrite", private.is_client_staff(i.client_id) as "mayHandle"
      from public.conversations c join public.items i on i.id = c.item_id
      left join public.message_categories cat on cat.id = c.category_id
      left join public.conversation_reads r on r.item_id = c.item_id and r.account_id = ${session.accountId}
      where c.item_id = ${itemId}`
    if (!row) throw notFound()
    const people = await tx`select account_id as id, display_name as "displayName", is_staff as "isStaff" from private.conversation_people(${itemId}) order by is_staff, display_name`
    const recipients = await tx`select account_id as id from public.item_recipients where item_id = ${itemId}`
    const reads = await tx`
      select r.account_id as "accountId", p.display_name as "displayName", p.is_staff as "isStaff", r.last_read_at as "lastReadAt", r.last_read_message_id as "lastReadMessageId"
      from public.conversation_reads r left join private.conversation_people(${itemId}) p on p.account_id = r.account_id
      where r.item_id = ${itemId} order by r.last_read_at desc`
    const assignable = row.mayHandle
      ? await tx`select a.id, a.display_name as "displayName" from public.accounts a
                 where a.kind = 'staff' and a.disabled_at is null and private.is_assignable(${row.clientId}, a.id) order by a.display_name`
      : []
    const messages = await messagesOf(tx, rt, itemId)
    const names = new Map(people.map((p) => [p.id, p.displayName]))
    return {
      ...row,
      assigneeName: names.get(row.assigneeId) ?? null,
      authorName: names.get(row.authorId) ?? null,
      people,
      recipients: recipients.map((r) => r.id as string),
      reads: reads.map((r) => ({ ...r, displayName: r.displayName ?? names.get(r.accountId) ?? null })),
      assignable,
      messages,
    }
  })
}
