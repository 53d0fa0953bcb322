import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { log } from '../../_shared/log.ts'
import { startPeriodic } from '../../_shared/periodic.ts'
import { asServiceRole } from '../../_shared/privileged.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import { stagingArea } from '../../_shared/upload/staging.ts'
import { guestStagingRoot } from '../tus/guest-upload-store.ts'

const HOUR = 60 * 60 * 1000

/**
 * Removes guest sessions past their end (their cookies no longer open anything; the rows only
 * held the session's hash and a pending code), the guests' resumable uploads past their lifetime
 * (the rows of ended sessions go with them), and staged guest files without an unfinished upload
 * that are older than an hour. Runs as the named system operation 'guest session cleanup':
 * guest sessions and their uploads belong to nobody a user could act as.
 */
export async function sweepGuestSessions(rt: Runtime): Promise<number> {
  const now = rt.now()
  const removed = await asServiceRole(rt.db, 'guest session cleanup', async (tx) => {
    await tx`delete from public.share_uploads where expires_at < ${now}`
    return tx`delete from private.share_sessions where expires_at < ${now} returning id`
  })
  await sweepGuestStaging(rt, now)
  return removed.length
}

async function sweepGuestStaging(rt: Runtime, now: Date): Promise<void> {
  const staging = stagingArea(guestStagingRoot(rt))
  const names = await readdir(staging.root).catch(() => [] as string[])
  const staged = names.map((n) => /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.staged$/.exec(n)?.[1]).filter((id): id is string => Boolean(id))
  if (!staged.length) return
  const open = new Set(
    (await asServiceRole(rt.db, 'guest session cleanup', (tx) => tx<{ id: string }[]>`
      select id from public.share_uploads where id = any(${staged}::uuid[]) and document_id is null`)).map((r) => r.id),
  )
  for (const id of staged) {
    if (open.has(id)) continue
    const modified = await stat(path.join(staging.root, `${id}.staged`)).then((s) => s.mtimeMs, () => undefined)
    if (modified !== undefined && now.getTime() - modified >= HOUR) await staging.remove(id)
  }
}

/** At start and then hourly. */
export function startGuestSessionSweeper(rt: Runtime, intervalMs = HOUR) {
  return startPeriodic(
    'sweeping guest sessions',
    async () => {
      const removed = await sweepGuestSessions(rt)
      if (removed) log.info('expired guest sessions removed', { removed })
    },
    intervalMs,
  )
}
