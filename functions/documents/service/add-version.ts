import { audit, type RequestMeta } from '../../_shared/audit.ts'
import type { StoredFile } from '../../_shared/blob/encrypted-file.ts'
import { AppError } from '../../_shared/errors.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import { checkAllowedBeforeReading, placeholderFile, receiveFile } from '../../_shared/upload/receive-file.ts'
import { cleanFilename } from '../../_shared/upload/filename.ts'
import { mailRecipients } from './notify-recipients.ts'
import { checkQuota, firmName } from './upload-document.ts'

const notFound = () => new AppError('not_found', { status: 404, message: 'Not found.' })

/**
 * Adds a new version of a document; earlier versions stay visible to the same audience. The
 * policies decide (the document's creator and the client's staff), checked before the body is
 * read; two concurrent versions cannot get the same number (unique constraint → conflict).
 */
export async function addVersion(rt: Runtime, session: SessionInfo, itemId: string, rawFilename: string, notify: boolean, body: ReadableStream<Uint8Array> | null, meta: RequestMeta) {
  const filename = cleanFilename(rawFilename)
  const versionId = crypto.randomUUID()
  const insert = async (tx: Parameters<Parameters<typeof rt.db.asUser>[1]>[0], file: StoredFile & { mediaType: string }) => {
    const [doc] = await tx`select d.client_id, coalesce(max(v.version), 0) + 1 as next from public.documents d
                           left join public.document_versions v on v.item_id = d.item_id where d.item_id = ${itemId} group by d.client_id`
    if (!doc) throw notFound()
    await tx`insert into public.document_versions (id, item_id, client_id, version, filename, media_type, size, sha256, blob_name, wrapped_key, uploaded_by)
             values (${versionId}, ${itemId}, ${doc.client_id}, ${doc.next}, ${filename}, ${file.mediaType}, ${file.size}, ${file.sha256}, ${file.blobName}, ${file.wrappedKey}, ${session.accountId})`
    return { clientId: doc.client_id as string, version: Number(doc.next) }
  }
  await checkAllowedBeforeReading(rt.db, session, (tx) => insert(tx, placeholderFile()))
  const { mediaType, ...stored } = await receiveFile(rt, filename, body, { session, meta })
  try {
    return await rt.db.asUser(session.claims, async (tx) => {
      const [doc] = await tx`select client_id from public.documents where item_id = ${itemId}`
      if (!doc) throw notFound()
      await checkQuota(tx, doc.client_id, stored.size)
      const added = await insert(tx, { ...stored, mediaType })
      await tx`update public.items set updated_at = ${rt.now()} where id = ${itemId}`
      await audit(tx, { actorId: session.accountId, clientId: added.clientId, action: 'document.version_added', objectType: 'item', objectId: itemId, detail: { version: added.version, size: stored.size } }, meta)
      if (notify) await mailRecipients(tx, itemId, 'new-document', { firmName: await firmName(tx), link: `/dokumente/${itemId}`, confirm: 'no' })
      return { versionId, version: added.version, filename, size: stored.size, mediaType }
    })
  } catch (err) {
    await rt.blobs.delete(stored.blobName)
    throw err
  }
}
