import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sweepThrottle, THROTTLE_RETENTION_MS } from '../../../functions/_shared/throttle-sweep.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'

/**
 * private.sign_in_throttle holds the counters of sign-in guesses (one row per address, also
 * rotating ones), share-link guesses, send budgets, booking changes and once-per-person mail
 * slots. The hourly sweep removes only rows whose window ended a day ago.
 */
let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(async () => {
  await ctx?.close()
})

describe('the throttle sweep', () => {
  it('removes counters older than the retention and keeps every counter a limit may still need', async () => {
    const now = new Date('2026-11-27T12:00:00Z')
    ctx.setNow(now)
    const ago = (ms: number) => new Date(now.getTime() - ms)
    const rows: [string, Date, Date][] = [
      ['ip:203.0.113.7', ago(THROTTLE_RETENTION_MS + 60_000), ago(THROTTLE_RETENTION_MS + 60_000)],
      ['send-message:old', ago(3 * THROTTLE_RETENTION_MS), ago(3 * THROTTLE_RETENTION_MS)],
      // Window started long ago, but failures went on until recently: kept.
      ['account:busy@example.org', ago(THROTTLE_RETENTION_MS + 60_000), ago(5 * 60_000)],
      ['appointment-change:recent', ago(30 * 60_000), ago(30 * 60_000)],
      ['mail-call:fresh', ago(60_000), ago(60_000)],
    ]
    for (const [key, started, last] of rows)
      await ctx.owner`insert into private.sign_in_throttle (key, window_started_at, failures, last_failure_at) values (${key}, ${started}, 3, ${last})`

    expect(await sweepThrottle(ctx.runtime)).toBe(2)
    const left = (await ctx.owner`select key from private.sign_in_throttle order by key`).map((r) => r.key)
    expect(left).toEqual(['account:busy@example.org', 'appointment-change:recent', 'mail-call:fresh'])
    // A second run finds nothing more.
    expect(await sweepThrottle(ctx.runtime)).toBe(0)
  })
})
