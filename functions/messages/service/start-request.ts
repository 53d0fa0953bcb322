import { audit, type RequestMeta } from '../../_shared/audit.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import type { StartRequestInput } from '../schemas.ts'
import { invalidRecipient, mayNotWrite, messagesRateLimited, notFound, refusedAs, takeSendBudget, unknownCategory } from './errors.ts'
import { announceMessage, insertMessage, markReadUpTo } from './post-message.ts'

/**
 * Starts a request to the firm: a message_thread item for the chosen client (or project) and
 * audience, its conversation with a category, and the first message. Audience 'people' always
 * includes the author, so the default (no further recipients) is the author and the firm. One
 * transaction: whatever fails, nothing remains. Throws not_found for a client or project the
 * caller does not see, messages_write_forbidden where the caller may not write (a viewer, a
 * delegate without messages.write), unknown_category, invalid_recipient, attachment_not_found.
 * Chats start through it too (start-chat.ts: kind 'chat', no mail).
 */
export async function startRequest(rt: Runtime, session: SessionInfo, input: StartRequestInput, meta: RequestMeta, options: { kind?: 'request' | 'chat'; mail?: boolean } = {}) {
  const id = crypto.randomUUID()
  return rt.db.asUser(session.claims, async (tx) => {
    const [scope] = input.projectId
      ? await tx`select client_id, private.may_write_messages(client_id, id) as may_write from public.projects where id = ${input.projectId} and client_id = ${input.clientId}`
      : await tx`select id as client_id, private.may_write_messages(id, null) as may_write from public.clients where id = ${input.clientId}`
    if (!scope) throw notFound()
    if (!scope.may_write) throw mayNotWrite()
    if (options.mail !== false) await takeSendBudget(tx, 'message', messagesRateLimited)
    const [category] = await tx`select id from public.message_categories where id = ${input.categoryId} and archived_at is null`
    if (!category) throw unknownCategory()
    const recipients = input.audience === 'people' ? [...new Set([session.accountId, ...input.recipients])] : []
    for (const person of recipients) {
      const [ok] = await tx`select private.is_audience_candidate(${input.clientId}, ${input.projectId}, ${person}) as ok`
      if (!ok?.ok) throw invalidRecipient()
    }
    await refusedAs(async () => {
      await tx`insert into public.items (id, kind, client_id, project_id, audience, title, created_by)
               values (${id}, 'message_thread', ${input.clientId}, ${input.projectId}, ${input.audience}, ${input.subject}, ${session.accountId})`
      for (const person of recipients) await tx`insert into public.item_recipients (item_id, account_id) values (${id}, ${person})`
      await tx`insert into public.conversations (item_id, client_id, kind, category_id) values (${id}, ${input.clientId}, ${options.kind ?? 'request'}, ${input.categoryId})`
    }, mayNotWrite)
    const first = await insertMessage(tx, rt, session.accountId, id, { body: input.body, attachmentIds: input.attachmentIds })
    await markReadUpTo(tx, session.accountId, id, first.id)
    await audit(tx, { actorId: session.accountId, clientId: input.clientId, action: 'conversation.created', objectType: 'item', objectId: id,
                      detail: { kind: options.kind ?? 'request', audience: input.audience, recipients: recipients.length, categoryId: input.categoryId, attachments: input.attachmentIds.length } }, meta)
    const mailed = options.mail === false ? 0 : await announceMessage(tx, first.id, id)
    return { id, messageId: first.id, mailed }
  })
}
