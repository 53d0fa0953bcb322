import type { Readable } from 'node:stream'
import { log } from '../log.ts'
import { asServiceRole } from '../privileged.ts'
import type { Runtime } from '../runtime.ts'
import type { BlobStore } from './store.ts'

const HOUR = 60 * 60 * 1000
const DAY = 24 * HOUR

/**
 * The blob store of an upload: every put first notes the blob's name in private.pending_blobs
 * (its own short transaction, committed before the first byte is written). The insert of the
 * version row removes the note in the document's transaction (a trigger), so a note that stays
 * means the process died, or the transaction failed, after the blob was (maybe) written:
 * sweepPendingBlobs removes such blobs. Reads and deletes go to the store unchanged.
 */
export function notingStore(rt: Runtime): BlobStore {
  const store = rt.blobs
  return {
    ...store,
    async put(name: string, body: Readable) {
      try {
        // Privileged: the note is a system record of a blob, not a user's row; guests of upload links upload too.
        await asServiceRole(rt.db, 'blob cleanup', (tx) => tx`insert into private.pending_blobs (blob_name) values (${name})`)
      } catch (err) {
        // The producer must not wait for a writer that never starts.
        body.destroy(err as Error)
        throw err
      }
      return store.put(name, body)
    },
  }
}

export type BlobSweep = { blobs: number; partials: number }

/**
 * Removes what crashed uploads left in the blob store: blobs noted as pending for longer than
 * `pendingAfter` (default a day, longer than any upload takes) that no version references, and
 * unfinished writes (local *.partial files untouched for an hour, S3 multipart uploads started
 * more than a day ago). A swept note stays a week as a tombstone: a version row for it is refused.
 * Several instances share the notes (SKIP LOCKED).
 */
export async function sweepPendingBlobs(rt: Runtime, options: { now?: Date; pendingAfter?: number; limit?: number } = {}): Promise<BlobSweep> {
  const now = options.now ?? rt.now()
  const before = new Date(now.getTime() - (options.pendingAfter ?? DAY))
  const blobs = await asServiceRole(rt.db, 'blob cleanup', async (tx) => {
    const rows = await tx<{ blob_name: string }[]>`
      select p.blob_name from private.pending_blobs p
      where p.swept_at is null and p.noted_at < ${before}
        and not exists (select 1 from public.document_versions v where v.blob_name = p.blob_name)
      order by p.noted_at limit ${options.limit ?? 100} for update of p skip locked`
    for (const { blob_name: name } of rows) {
      await rt.blobs.delete(name)
      await tx`update private.pending_blobs set swept_at = ${now} where blob_name = ${name}`
    }
    // Notes of blobs that did get a version row some other way, and old tombstones.
    await tx`delete from private.pending_blobs p
             where (p.swept_at is null and p.noted_at < ${before} and exists (select 1 from public.document_versions v where v.blob_name = p.blob_name))
                or p.swept_at < ${new Date(now.getTime() - 7 * DAY)}`
    return rows.length
  })
  const partials = (await rt.blobs.removeStale?.({ partialBefore: new Date(now.getTime() - HOUR), multipartBefore: new Date(now.getTime() - DAY) }).catch((err) => {
    log.warn('removing unfinished blob writes failed', { error: err })
    return 0
  })) ?? 0
  return { blobs, partials }
}
