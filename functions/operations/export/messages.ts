import { openMessageBody } from '../../_shared/message-crypto.ts'
import type { DomainExporter } from './types.ts'

/**
 * Conversations (requests and chats) with every message decrypted, its earlier versions and
 * attachments (the attached documents themselves are in dokumente/), and the read marks.
 */
export const messagesExporter: DomainExporter = {
  domain: 'messages',
  async collect({ tx, clientId, masterKey }) {
    const conversations = await tx`
      select c.item_id as id, i.title, c.kind, c.status, cat.name_de as category, c.assignee_id, c.created_at, c.last_message_at, c.closed_at, i.audience, i.project_id
      from public.conversations c join public.items i on i.id = c.item_id left join public.message_categories cat on cat.id = c.category_id
      where c.client_id = ${clientId} order by c.created_at`
    const messages = await tx`select m.id, m.item_id, m.author_id, a.display_name as author_name, m.body_ciphertext, m.body_key, m.created_at, m.edited_at, m.deleted_at
                              from public.messages m left join public.accounts a on a.id = m.author_id
                              where m.client_id = ${clientId} order by m.created_at, m.id`
    const ids = messages.map((m) => m.id as string)
    const revisions = ids.length ? await tx`select message_id, body_ciphertext, body_key, replaced_at from public.message_revisions where message_id = any(${ids}::uuid[]) order by replaced_at` : []
    const attachments = await tx`select message_id, document_id from public.message_attachments where client_id = ${clientId}`
    const reads = await tx`select item_id, account_id, last_read_at from public.conversation_reads where client_id = ${clientId}`
    const body = (ciphertext: Buffer | null, key: Buffer | null) => (ciphertext && key ? openMessageBody(masterKey, { ciphertext, key }) : null)
    return [
      {
        path: 'nachrichten/nachrichten.json',
        json: conversations.map((c) => ({
          ...c,
          messages: messages.filter((m) => m.item_id === c.id).map((m) => ({
            id: m.id, authorId: m.author_id, authorName: m.author_name, createdAt: m.created_at, editedAt: m.edited_at, deletedAt: m.deleted_at,
            body: body(m.body_ciphertext, m.body_key),
            revisions: revisions.filter((r) => r.message_id === m.id).map((r) => ({ replacedAt: r.replaced_at, body: body(r.body_ciphertext, r.body_key) })),
            attachments: attachments.filter((a) => a.message_id === m.id).map((a) => a.document_id),
          })),
          reads: reads.filter((r) => r.item_id === c.id),
        })),
      },
    ]
  },
}
