import type { RequestMeta } from '../../_shared/audit.ts'
import { AppError } from '../../_shared/errors.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import { uploadDocument } from './upload-document.ts'

/**
 * Uploads a file as an attachment of the caller's own message: it becomes a document of the
 * conversation's client and project with the conversation's audience (its named recipients and
 * its creator for 'people'), so everyone who reads the thread can open it. The upload does the
 * checks (type, size on the stream, virus scan, quota, encryption) and the upload right
 * (documents.upload) is the documents policy's. Client uploads need a document category: the
 * firm's 'Korrespondenz' where it applies, else 'Sonstiges', else the first in the form's order.
 * The messages domain answers where the file goes and links it, in the upload's transaction
 * (private.message_attachment_target and private.attach_document_to_message in
 * policies/06-messages.sql). not_found for a message that is not the caller's own live message.
 */
export async function uploadAttachment(rt: Runtime, session: SessionInfo, messageId: string, filename: string, body: ReadableStream<Uint8Array> | null, meta: RequestMeta) {
  const target = await rt.db.asUser(session.claims, async (tx) => {
    const [t] = await tx`
      select t.client_id, t.project_id, t.audience, t.recipients,
             (select c.id from public.document_categories c
              where c.archived_at is null and private.category_applies(c, t.client_id, (select p.type from public.projects p where p.id = t.project_id))
              order by lower(c.name) = 'korrespondenz' desc, lower(c.name) = 'sonstiges' desc, c.position, c.name limit 1) as category
      from private.message_attachment_target(${messageId}) t`
    return t
  })
  if (!target) throw new AppError('not_found', { status: 404, message: 'Not found.' })
  return uploadDocument(
    rt,
    session,
    {
      clientId: target.client_id,
      filename,
      audience: target.audience,
      projectId: target.project_id ?? undefined,
      recipients: (target.recipients as string[]).join(','),
      category: target.category ?? '',
      note: '',
      requiresConfirmation: false,
      notify: false,
    },
    body,
    meta,
    { inTransaction: (tx, documentId) => tx`select private.attach_document_to_message(${messageId}, ${documentId})` },
  )
}
