import { log } from './log.ts'
import { startPeriodic } from './periodic.ts'
import { asServiceRole } from './privileged.ts'
import type { Runtime } from './runtime.ts'

const HOUR = 60 * 60 * 1000
/** Longer than every window kept in private.sign_in_throttle (the longest is one hour). */
export const THROTTLE_RETENTION_MS = 24 * HOUR

/**
 * Removes counters whose window ended long ago: failed sign-ins (also from rotating addresses),
 * share-link guesses, send budgets, booking changes and the once-per-person mail slots all keep
 * their state in private.sign_in_throttle, and without this sweep every address or person ever
 * seen would stay there. A row older than the retention counts exactly like a missing one, so
 * nothing is forgotten that a limit still needs. Runs as the named system operation
 * 'throttle cleanup': the table belongs to no user.
 */
export async function sweepThrottle(rt: Runtime): Promise<number> {
  const before = new Date(rt.now().getTime() - THROTTLE_RETENTION_MS)
  const removed = await asServiceRole(rt.db, 'throttle cleanup', (tx) =>
    tx`delete from private.sign_in_throttle where window_started_at < ${before} and last_failure_at < ${before} returning key`,
  )
  return removed.length
}

/** At start and then hourly. */
export function startThrottleSweeper(rt: Runtime, intervalMs = HOUR) {
  return startPeriodic(
    'sweeping throttle counters',
    async () => {
      const removed = await sweepThrottle(rt)
      if (removed) log.info('old throttle counters removed', { removed })
    },
    intervalMs,
  )
}
