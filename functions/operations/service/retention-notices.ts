import { publicOriginFor } from '../../_shared/public-origin.ts'
import { asServiceRole } from '../../_shared/privileged.ts'
import { startPeriodic } from '../../_shared/periodic.ts'
import type { Runtime } from '../../_shared/runtime.ts'

/** The address links in scheduled mails point to: the public origin the mail functions store too. */
const linkBase = (rt: Runtime) => publicOriginFor(rt.config)

/**
 * Records the clients whose retention ended by the injected clock and mails the admins once
 * about new deletion proposals (private.queue_retention_notices). Returns how many are new.
 */
export async function queueRetentionNotices(rt: Runtime): Promise<number> {
  // Privileged: a scheduled system operation without a user; it reads every client's mandate end
  // and writes the outbox, and passes nothing but a count and a link to the mail.
  const [row] = await asServiceRole(rt.db, 'retention notices', (tx) => tx`select private.queue_retention_notices(${rt.now()}, ${linkBase(rt)}) as queued`)
  return Number(row!.queued)
}

/** Checks for due retention proposals at start and every hour (idempotent across instances). */
export function startRetentionScheduler(rt: Runtime) {
  return startPeriodic('retention notices', () => queueRetentionNotices(rt), 3600_000)
}
