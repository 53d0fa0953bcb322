import type { Tx } from './db.ts'

/**
 * Failure counters in PostgreSQL (they survive restarts and are shared by instances), one row per
 * key in a one-hour window, changed only by single atomic statements.
 */
export const WINDOW_MS = 3600_000

export type ThrottleRule = {
  /** Failures per window after which nothing more is evaluated until the window ends. */
  maxPerWindow: number
  /** Failures that are free of delay; after them each further attempt waits progressively. */
  freeFailures: number
  /** Cap of the progressive delay. */
  maxDelayMs: number
}


/**
 * Reserves one attempt for key, atomically: counts it as a failure unless the key is blocked, and
 * answers whether the attempt may be evaluated. Concurrent callers serialise on the row, so no
 * more than maxPerWindow attempts per window are ever evaluated. A success calls releaseAttempt.
 */
export async function reserveAttempt(tx: Tx, key: string, rule: ThrottleRule, now: Date): Promise<{ allowed: boolean; failures: number }> {
  const windowStart = new Date(now.getTime() - WINDOW_MS)
  const rows = await tx`
    insert into private.sign_in_throttle as t (key, window_started_at, failures, last_failure_at)
    values (${key}, ${now}, 1, ${now})
    on conflict (key) do update set
      failures = case when t.window_started_at <= ${windowStart} then 1 else t.failures + 1 end,
      window_started_at = case when t.window_started_at <= ${windowStart} then ${now} else t.window_started_at end,
      lock_notified_at = case when t.window_started_at <= ${windowStart} then null else t.lock_notified_at end,
      last_failure_at = ${now}
    where t.window_started_at <= ${windowStart}
       or (t.failures < ${rule.maxPerWindow}
           and (t.failures < ${rule.freeFailures}
                or t.last_failure_at + make_interval(secs => least(${rule.maxDelayMs}, 1000 * 2 ^ (t.failures - ${rule.freeFailures} + 1)) / 1000.0) <= ${now}))
    returning failures`
  if (rows.length === 0) {
    const [row] = await tx`select failures from private.sign_in_throttle where key = ${key}`
    return { allowed: false, failures: (row?.failures as number) ?? 0 }
  }
  return { allowed: true, failures: rows[0]!.failures as number }
}

/** Takes back a reserved attempt that turned out to be a success. */
export async function releaseAttempt(tx: Tx, key: string): Promise<void> {
  await tx`update private.sign_in_throttle set failures = greatest(failures - 1, 0) where key = ${key}`
}

/** Forgets the failures of a key after a successful sign-in. */
export async function clearThrottle(tx: Tx, key: string): Promise<void> {
  await tx`delete from private.sign_in_throttle where key = ${key}`
}

/** Marks that the owner was told about a lock in this window; true only for the first caller. */
export async function claimLockNotice(tx: Tx, key: string, now: Date): Promise<boolean> {
  const rows = await tx`update private.sign_in_throttle set lock_notified_at = ${now}
                        where key = ${key} and lock_notified_at is null returning key`
  return rows.length === 1
}
