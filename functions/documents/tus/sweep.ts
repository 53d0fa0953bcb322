import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { sweepPendingBlobs } from '../../_shared/blob/pending.ts'
import { log } from '../../_shared/log.ts'
import { startPeriodic } from '../../_shared/periodic.ts'
import { asServiceRole } from '../../_shared/privileged.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import { stagingArea } from '../../_shared/upload/staging.ts'

const HOUR = 60 * 60 * 1000

export const stagingRootOf = (rt: Runtime) => path.resolve(rt.config.DATA_DIR, 'uploads')

/**
 * Removes resumable uploads past their lifetime (row and staged bytes) and staged files that
 * have no unfinished upload any more (a crash between staging and commit, or between a finished
 * upload's commit and the removal of its staged copy). Files younger than an hour are left
 * alone: their upload may be starting right now. Runs as the named system operation
 * 'upload cleanup': it acts on every account's uploads, which no user may see.
 */
export async function sweepUploads(rt: Runtime): Promise<{ expired: number; orphans: number }> {
  const staging = stagingArea(stagingRootOf(rt))
  const now = rt.now()
  const expired = await asServiceRole(rt.db, 'upload cleanup', (tx) => tx<{ id: string }[]>`delete from public.uploads where expires_at < ${now} returning id`)
  for (const { id } of expired) await staging.remove(id)

  const names = await readdir(staging.root).catch(() => [] as string[])
  const staged = names.filter((n) => n.endsWith('.staged')).map((n) => n.slice(0, -'.staged'.length))
  if (!staged.length) return { expired: expired.length, orphans: 0 }
  const open = new Set(
    (await asServiceRole(rt.db, 'upload cleanup', (tx) => tx<{ id: string }[]>`select id from public.uploads where id = any(${staged}::uuid[]) and document_id is null`)).map((r) => r.id),
  )
  let orphans = 0
  for (const id of staged) {
    if (open.has(id)) continue
    const modified = await stat(path.join(staging.root, `${id}.staged`)).then((s) => s.mtimeMs, () => undefined)
    if (modified === undefined || now.getTime() - modified < HOUR) continue
    await staging.remove(id)
    orphans++
  }
  return { expired: expired.length, orphans }
}

/**
 * Sweeps at start and then hourly: the resumable uploads, and the blob store's leftovers of
 * uploads a crash interrupted (blob/pending.ts); stop() waits for a running sweep.
 */
export function startUploadSweeper(rt: Runtime, intervalMs = HOUR) {
  return startPeriodic(
    'sweeping resumable uploads',
    async () => {
      const r = await sweepUploads(rt)
      if (r.expired || r.orphans) log.info('resumable uploads swept', r)
      const b = await sweepPendingBlobs(rt)
      if (b.blobs || b.partials) log.info('blobs of interrupted uploads swept', b)
    },
    intervalMs,
  )
}
