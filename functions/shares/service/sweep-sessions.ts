import { log } from '../../_shared/log.ts'
import { startPeriodic } from '../../_shared/periodic.ts'
import { asServiceRole } from '../../_shared/privileged.ts'
import type { Runtime } from '../../_shared/runtime.ts'

/**
 * Removes guest sessions past their end (their cookies no longer open anything; the rows only
 * held the session's hash and a pending code). Runs as the named system operation
 * 'guest session cleanup': guest sessions belong to nobody a user could act as.
 */
export async function sweepGuestSessions(rt: Runtime): Promise<number> {
  const removed = await asServiceRole(rt.db, 'guest session cleanup', (tx) => tx`delete from private.share_sessions where expires_at < ${rt.now()} returning id`)
  return removed.length
}

/** At start and then hourly. */
export function startGuestSessionSweeper(rt: Runtime, intervalMs = 60 * 60 * 1000) {
  return startPeriodic(
    'sweeping guest sessions',
    async () => {
      const removed = await sweepGuestSessions(rt)
      if (removed) log.info('expired guest sessions removed', { removed })
    },
    intervalMs,
  )
}
