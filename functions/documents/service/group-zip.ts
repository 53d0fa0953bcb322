import { Readable } from 'node:stream'
import { ZipFile } from 'yazl'
import { audit, type RequestMeta } from '../../_shared/audit.ts'
import { readEncryptedFile } from '../../_shared/blob/encrypted-file.ts'
import { AppError } from '../../_shared/errors.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import { uniqueNames } from '../../_shared/upload/filename.ts'

/**
 * A group's documents (those the caller may see, latest versions) as one streamed ZIP: files are
 * decrypted one after another straight into the archive, never held in memory. Each counts as a
 * download for the proof of receipt.
 */
export async function zipGroup(rt: Runtime, session: SessionInfo, groupId: string, meta: RequestMeta) {
  const { title, files } = await rt.db.asUser(session.claims, async (tx) => {
    const [group] = await tx`select title, client_id from public.items where id = ${groupId} and kind = 'document_group'`
    if (!group) throw new AppError('not_found', { status: 404, message: 'Not found.' })
    const files = await tx`
      select distinct on (v.item_id) v.id, v.item_id, v.client_id, v.filename, v.size, v.sha256, v.blob_name, v.wrapped_key, v.created_at
      from public.document_group_entries e join public.document_versions v on v.item_id = e.document_id
      where e.group_id = ${groupId} order by v.item_id, v.version desc`
    for (const f of files)
      await tx`insert into public.document_events (item_id, client_id, version_id, account_id, kind) values (${f.item_id}, ${f.client_id}, ${f.id}, ${session.accountId}, 'downloaded')`
    await audit(tx, { actorId: session.accountId, clientId: group.client_id, action: 'document_group.downloaded', objectType: 'item', objectId: groupId, detail: { files: files.length } }, meta)
    return { title: group.title as string, files }
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
