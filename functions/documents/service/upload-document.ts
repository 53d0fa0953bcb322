import { audit, type RequestMeta } from '../../_shared/audit.ts'
import type { StoredFile } from '../../_shared/blob/encrypted-file.ts'
import type { Tx } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import { checkAllowedBeforeReading, placeholderFile, receiveFile } from '../../_shared/upload/receive-file.ts'
import { cleanFilename } from '../../_shared/upload/filename.ts'
import { checkFileType } from '../../_shared/upload/file-types.ts'
import { mailRecipients } from './notify-recipients.ts'
import { checkRequestUpload } from './requests.ts'
import type { UploadQuery } from '../schemas.ts'

/** Inserts the document's rows as the caller; the policies decide whether the upload is allowed. */
async function insertDocument(tx: Tx, session: SessionInfo, ids: { item: string; version: string }, q: UploadQuery, file: StoredFile & { filename: string; mediaType: string }) {
  const recipients = q.requestId ? [] : (q.recipients ?? '').split(',').filter(Boolean)
  // An answer to a request is seen by its uploader and the firm until staff accept and share it.
  const audience = q.requestId ? 'people' : q.audience
  if (q.requestId) await checkRequestUpload(tx, q.requestId, q.clientId, file.filename)
  await tx`insert into public.items (id, kind, client_id, project_id, audience, title, created_by)
           values (${ids.item}, 'document', ${q.clientId}, ${q.requestId ? null : (q.projectId ?? null)}, ${audience}, ${q.title ?? file.filename}, ${session.accountId})`
  await tx`insert into public.documents (item_id, client_id, category, note, requires_confirmation, request_id)
           values (${ids.item}, ${q.clientId}, ${q.category}, ${q.note}, ${q.requiresConfirmation}, ${q.requestId ?? null})`
  if (q.requestId)
    await tx`update public.document_requests set status = 'submitted', decided_by = null, decided_at = null where item_id = ${q.requestId} and status <> 'submitted'`
  for (const r of recipients) await tx`insert into public.item_recipients (item_id, account_id) values (${ids.item}, ${r})`
  await tx`insert into public.document_versions (id, item_id, client_id, version, filename, media_type, size, sha256, blob_name, wrapped_key, uploaded_by)
           values (${ids.version}, ${ids.item}, ${q.clientId}, 1, ${file.filename}, ${file.mediaType}, ${file.size}, ${file.sha256},
                   ${file.blobName}, ${file.wrappedKey}, ${session.accountId})`
}

/** The firm's name for mails. */
export async function firmName(tx: Tx): Promise<string> {
  const [row] = await tx`select firm_name from public.firm_settings where id = 1`
  return (row?.firm_name as string) ?? 'Kanzlei'
}

/**
 * Refuses the upload when the client's quota would be exceeded: everything stored plus the
 * unfinished resumable uploads (counted in SQL, whoever may see them), with the client row locked
 * until the transaction ends, so concurrent uploads into one client are checked one at a time.
 */
export async function checkQuota(tx: Tx, clientId: string, adding: number, finishingUpload: string | null = null) {
  const [row] = await tx`select c.quota_bytes as quota, private.client_storage_in_use(c.id, ${finishingUpload}::uuid) as used
                         from public.clients c where c.id = ${clientId}`
  if (row?.quota !== null && row?.quota !== undefined && Number(row.used ?? 0) + adding > Number(row.quota))
    throw new AppError('quota_exceeded', { status: 413, message: 'The client’s storage quota is used up.' })
}

/**
 * May this upload of `size` bytes happen? The same inserts as the real upload, as the caller,
 * rolled back, plus the extension allow-list and the quota: a resumable upload asks before it
 * accepts the first byte.
 */
export async function checkUploadAllowed(rt: Runtime, session: SessionInfo, q: UploadQuery, size: number) {
  const filename = cleanFilename(q.filename)
  await checkFileType(filename, Buffer.alloc(0))
  const ids = { item: crypto.randomUUID(), version: crypto.randomUUID() }
  await checkAllowedBeforeReading(rt.db, session, async (tx) => {
    await insertDocument(tx, session, ids, q, { ...placeholderFile(), filename })
    await checkQuota(tx, q.clientId, size)
  })
}

/**
 * Uploads a new document: the permission is checked before the body is read (a rolled-back
 * insert as the caller), the type by extension and magic bytes, the size on the stream; the body
 * is encrypted into the blob store; then the rows are inserted as the caller. Whatever fails,
 * no rows and no blob remain.
 */
export async function uploadDocument(
  rt: Runtime,
  session: SessionInfo,
  q: UploadQuery,
  body: ReadableStream<Uint8Array> | null,
  meta: RequestMeta,
  options: { inTransaction?: (tx: Tx, documentId: string) => Promise<unknown>; finishingUpload?: string } = {},
) {
  const filename = cleanFilename(q.filename)
  const ids = { item: crypto.randomUUID(), version: crypto.randomUUID() }
  await checkAllowedBeforeReading(rt.db, session, (tx) => insertDocument(tx, session, ids, q, { ...placeholderFile(), filename }))
  const { mediaType, ...stored } = await receiveFile(rt, filename, body, { session, meta, clientId: q.clientId }, { staged: options.finishingUpload !== undefined })
  try {
    return await rt.db.asUser(session.claims, async (tx) => {
      await checkQuota(tx, q.clientId, stored.size, options.finishingUpload ?? null)
      await insertDocument(tx, session, ids, q, { ...stored, filename, mediaType })
      await options.inTransaction?.(tx, ids.item)
      await audit(tx, { actorId: session.accountId, clientId: q.clientId, action: 'document.uploaded', objectType: 'item', objectId: ids.item, detail: { size: stored.size, mediaType } }, meta)
      const notified = q.notify ? await mailRecipients(tx, ids.item, 'new-document', { firmName: await firmName(tx), link: `/dokumente/${ids.item}`, confirm: q.requiresConfirmation ? 'yes' : 'no' }) : 0
      return { id: ids.item, versionId: ids.version, filename, size: stored.size, mediaType, sha256: stored.sha256, notified }
    })
  } catch (err) {
    await rt.blobs.delete(stored.blobName)
    throw err
  }
}
