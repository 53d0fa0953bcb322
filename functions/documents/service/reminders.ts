import { publicOriginFor } from '../../_shared/public-origin.ts'
import { log } from '../../_shared/log.ts'
import { asServiceRole } from '../../_shared/privileged.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import { cleanUpDeletedBlobs } from './delete-document.ts'

/**
 * When the people asked for documents are reminded: once this many days before the due date,
 * then a day after it and weekly, at most REMINDERS_AFTER_DUE times.
 */
export const REMINDER_DAYS_BEFORE = 3
export const REMINDERS_AFTER_DUE = 3
const INTERVAL_MS = 60_000

/** The address links in scheduled mails point to: the public origin the mail functions store too. */
const linkBase = (rt: Runtime): string => publicOriginFor(rt.config)

/**
 * Queues the reminder mails due at the runtime's clock (private.queue_request_reminders: who,
 * which stage, recorded under a unique key so a restart or a second instance never sends one
 * twice). Returns how many mails were queued.
 */
export async function queueDueReminders(rt: Runtime, options: { daysBefore?: number; afterDue?: number } = {}): Promise<number> {
  // Privileged: a scheduled system operation without a user, reading every open request.
  return asServiceRole(rt.db, 'request reminders', async (tx) => {
    const [row] = await tx`select private.queue_request_reminders(${rt.now()}, ${options.daysBefore ?? REMINDER_DAYS_BEFORE},
                                                                   ${options.afterDue ?? REMINDERS_AFTER_DUE}, ${linkBase(rt)}) as queued`
    return row!.queued as number
  })
}

/** One round of the documents' housekeeping: reminders, then blobs left by deleted versions. */
export async function runDocumentHousekeeping(rt: Runtime): Promise<{ reminders: number; blobs: number }> {
  const reminders = await queueDueReminders(rt)
  const blobs = await cleanUpDeletedBlobs(rt)
  if (reminders || blobs) log.info('document housekeeping', { reminders, blobs })
  return { reminders, blobs }
}

/**
 * Runs the housekeeping at start and every minute inside the server (no external cron). Safe
 * with several instances: reminders are keyed, blob rows are claimed with SKIP LOCKED.
 * stop() waits for the current round.
 */
export function startDocumentScheduler(rt: Runtime, intervalMs = INTERVAL_MS) {
  let running: Promise<unknown> = Promise.resolve()
  let stopped = false
  const tick = () => {
    if (stopped) return
    running = running.then(() => runDocumentHousekeeping(rt)).catch((err) => log.warn('document housekeeping failed', { error: err }))
  }
  const timer = setInterval(tick, intervalMs)
  tick()
  return {
    async stop() {
      stopped = true
      clearInterval(timer)
      await running
    },
  }
}
