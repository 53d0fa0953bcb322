import { Readable } from 'node:stream'
import { ZipFile } from 'yazl'
import { readEncryptedFile } from '../../_shared/blob/encrypted-file.ts'
import { AppError } from '../../_shared/errors.ts'
import type { RequestMeta } from '../../_shared/audit.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import type { GuestSession } from './guest-session.ts'
import { viewUploadLink } from './upload-links.ts'
import { uniqueNames } from '../../_shared/upload/filename.ts'

const notFound = () => new AppError('not_found', { status: 404, message: 'Not found.' })

/**
 * What the guest page shows: the firm's name (and whether it has a logo), the share's title, expiry and remaining downloads,
 * and the shared files (latest versions). Every row comes through the anon policies, which let
 * the session read exactly the shared objects while the link is valid.
 */
export async function viewShare(rt: Runtime, guest: GuestSession) {
  const head = await rt.db.asUser(guest.claims, async (tx) => {
    const [share] = await tx`select id, kind, title, expires_at, max_downloads, downloads, group_id, max_file_bytes, max_files, uploads
                             from public.shares where id = ${guest.shareId}`
    const [firm] = await tx`select firm_name, exists (select 1 from public.firm_logo) as has_logo from public.firm_settings where id = 1`
    return { share, firmName: (firm?.firm_name as string) ?? '', hasLogo: Boolean(firm?.has_logo) }
  })
  if (!head.share) throw notFound()
  // An upload link shows nothing that is already there: only the guest's own uploads.
  if (head.share.kind === 'upload') return { ...(await viewUploadLink(rt, guest, head.share, head.firmName)), hasLogo: head.hasLogo }
  return rt.db.asUser(guest.claims, async (tx) => {
    const share = head.share!
    const files = await tx`
      select distinct on (v.item_id) v.item_id, v.filename, v.size, v.media_type
      from public.document_versions v order by v.item_id, v.version desc`
    return {
      kind: 'download' as const,
      firmName: head.firmName,
      hasLogo: head.hasLogo,
      title: share.title as string,
      expiresAt: (share.expires_at as Date).toISOString(),
      remainingDownloads: share.max_downloads === null ? null : (share.max_downloads as number) - (share.downloads as number),
      isGroup: share.group_id !== null,
      files: files
        .map((f) => ({ id: f.item_id as string, filename: f.filename as string, size: Number(f.size), mediaType: f.media_type as string }))
        .sort((a, b) => a.filename.localeCompare(b.filename, 'de')),
    }
  })
}

/**
 * Opens one shared document's latest file for the guest and counts one download atomically
 * (private.count_share_download): past the limit, after revocation or for any other id the
 * answer is not_found. The bytes stream after the counting transaction committed.
 */
export async function openGuestFile(rt: Runtime, guest: GuestSession, documentId: string, meta: RequestMeta) {
  const row = await rt.db.asUser(guest.claims, async (tx) => {
    const [v] = await tx`select filename, media_type, size, sha256, blob_name, wrapped_key from public.document_versions
                         where item_id = ${documentId} order by version desc limit 1`
    if (!v) return undefined
    const [counted] = await tx`select private.count_share_download(${documentId}, ${v.filename}, ${meta.ip}, ${meta.requestId}) as ok`
    return counted?.ok ? v : undefined
  })
  if (!row) throw notFound()
  const file = { blobName: row.blob_name as string, wrappedKey: row.wrapped_key as Buffer, size: Number(row.size), sha256: row.sha256 as string }
  const stream = await readEncryptedFile(rt.blobs, rt.secrets.fileMasterKey, file)
  return { stream, filename: row.filename as string, mediaType: row.media_type as string, size: file.size }
}

/** A group share's documents as one streamed ZIP; counts one download. */
export async function zipGuestGroup(rt: Runtime, guest: GuestSession, meta: RequestMeta) {
  const { title, files } = await rt.db.asUser(guest.claims, async (tx) => {
    const [share] = await tx`select title, group_id from public.shares where id = ${guest.shareId}`
    if (!share?.group_id) throw notFound()
    const files = await tx`
      select distinct on (v.item_id) v.item_id, v.filename, v.size, v.sha256, v.blob_name, v.wrapped_key, v.created_at
      from public.document_group_entries e join public.document_versions v on v.item_id = e.document_id
      where e.group_id = ${share.group_id} order by v.item_id, v.version desc`
    const [counted] = await tx`select private.count_share_download(null, ${`${share.title}.zip`}, ${meta.ip}, ${meta.requestId}) as ok`
    if (!counted?.ok) throw notFound()
    return { title: share.title as string, files }
  })
  const zip = new ZipFile()
  const names = uniqueNames(files.map((f) => f.filename as string))
  files.forEach((f, i) => {
    const stored = { blobName: f.blob_name as string, wrappedKey: f.wrapped_key as Buffer, size: Number(f.size), sha256: f.sha256 as string }
    zip.addReadStreamLazy(names[i]!, { mtime: f.created_at as Date, compress: false, size: stored.size }, (done) => {
      readEncryptedFile(rt.blobs, rt.secrets.fileMasterKey, stored).then((s) => done(null, s), (err) => done(err, undefined as never))
    })
  })
  zip.end()
  return { title, stream: zip.outputStream as unknown as Readable }
}
