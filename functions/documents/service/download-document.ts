import { audit, type RequestMeta } from '../../_shared/audit.ts'
import { CorruptFileError, readEncryptedFile } from '../../_shared/blob/encrypted-file.ts'
import { AppError } from '../../_shared/errors.ts'
import { log } from '../../_shared/log.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'

const notFound = () => new AppError('not_found', { status: 404, message: 'Not found.' })

/** Parses a single "bytes=a-b" range against a size; undefined = whole file; throws for unsatisfiable. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
  if (!header) return undefined
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!m || (m[1] === '' && m[2] === '')) return undefined
  let start: number
  let end: number
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]))
    end = size - 1
  } else {
    start = Number(m[1])
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)
  }
  if (start > end || start >= size) throw new AppError('range_not_satisfiable', { status: 416, message: 'Range not satisfiable.', data: { size } })
  return { start, end }
}

/**
 * Opens a document's file (the latest version, or the one asked for) for the caller, records the
 * download as a receipt, and streams the decrypted bytes. A body that fails authentication or its
 * checksum is refused (the stream aborts) and audited.
 */
export async function openDocumentFile(rt: Runtime, session: SessionInfo, itemId: string, version: number | undefined, rangeHeader: string | undefined, meta: RequestMeta) {
  type VersionRow = { id: string; client_id: string; filename: string; media_type: string; size: string | number; sha256: string; blob_name: string; wrapped_key: Buffer }
  const row = await rt.db.asUser(session.claims, async (tx): Promise<(VersionRow & { range?: { start: number; end: number } }) | undefined> => {
    const [v] = await tx`select id, client_id, version, filename, media_type, size, sha256, blob_name, wrapped_key
                         from public.document_versions where item_id = ${itemId}
                         ${version ? tx`and version = ${version}` : tx``} order by version desc limit 1`
    if (!v) return undefined
    const range = parseRange(rangeHeader, Number(v.size))
    if (!range || range.start === 0)
      await tx`insert into public.document_events (item_id, client_id, version_id, account_id, kind) values (${itemId}, ${v.client_id}, ${v.id}, ${session.accountId}, 'downloaded')`
    return { ...(v as unknown as VersionRow), range }
  })
  if (!row) throw notFound()
  const file = { blobName: row.blob_name as string, wrappedKey: row.wrapped_key as Buffer, size: Number(row.size), sha256: row.sha256 as string }
  const reportCorruption = (err: unknown) => {
    log.error('stored document failed verification', { requestId: meta.requestId, itemId, versionId: row.id })
    void rt.db
      .asUser(session.claims, (tx) => audit(tx, { actorId: session.accountId, clientId: row.client_id, action: 'document.corrupt', result: 'failed', objectType: 'item', objectId: itemId, detail: { versionId: row.id, reason: (err as Error).message } }, meta))
      .catch(() => {})
  }
  let stream
  try {
    stream = await readEncryptedFile(rt.blobs, rt.secrets.fileMasterKey, file, row.range)
  } catch (err) {
    reportCorruption(err)
    throw new AppError('file_corrupt', { status: 500, message: 'The stored file is damaged; the firm has been notified.' })
  }
  stream.once('error', (err) => err instanceof CorruptFileError && reportCorruption(err))
  return { stream, filename: row.filename as string, mediaType: row.media_type as string, size: file.size, range: row.range as { start: number; end: number } | undefined }
}
