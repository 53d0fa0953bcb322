import type { RequestMeta } from '../../_shared/audit.ts'
import { uploadDocument } from '../../_shared/documents/upload-document.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import { notFound } from './errors.ts'

/**
 * Uploads a file as an attachment of the caller's own message: it becomes a document of the
 * conversation's client and project with the conversation's audience (its named recipients and
 * its creator for 'people'), so everyone who reads the thread can open it; the shared upload does
 * the checks (type, size on the stream, virus scan, quota, encryption) and the upload right
 * (documents.upload) is the documents policy's. Client uploads need a document category: the
 * firm's 'Korrespondenz' where it applies, else 'Sonstiges', else the first in the form's order. The attachment row is written in the same
 * transaction. not_found for a message that is not the caller's own live message.
 */
export async function uploadAttachment(rt: Runtime, session: SessionInfo, messageId: string, filename: string, body: ReadableStream<Uint8Array> | null, meta: RequestMeta) {
  const target = await rt.db.asUser(session.claims, async (tx) => {
    const [m] = await tx`
      select i.id, i.client_id, i.project_id, i.audience, i.created_by,
             coalesce((select array_agg(r.account_id) from public.item_recipients r where r.item_id = i.id), '{}') as recipients,
             (select c.id from public.document_categories c
              where c.archived_at is null and private.category_applies(c, i.client_id, (select p.type from public.projects p where p.id = i.project_id))
              order by lower(c.name) = 'korrespondenz' desc, lower(c.name) = 'sonstiges' desc, c.position, c.name limit 1) as category
      from public.messages m join public.items i on i.id = m.item_id
      where m.id = ${messageId} and m.author_id = ${session.accountId} and m.deleted_at is null`
    return m
  })
  if (!target) throw notFound()
  const recipients = target.audience === 'people' ? [...new Set([target.created_by as string, ...(target.recipients as string[])])] : []
  return uploadDocument(
    rt,
    session,
    {
      clientId: target.client_id,
      filename,
      audience: target.audience,
      projectId: target.project_id ?? undefined,
      recipients: recipients.join(','),
      category: target.category ?? '',
      note: '',
      requiresConfirmation: false,
      notify: false,
    },
    body,
    meta,
    { inTransaction: (tx, documentId) => tx`insert into public.message_attachments (message_id, document_id, client_id) values (${messageId}, ${documentId}, ${target.client_id})` },
  )
}
