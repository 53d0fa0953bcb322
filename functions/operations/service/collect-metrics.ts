import { family } from '../../_shared/metrics.ts'
import { asServiceRole } from '../../_shared/privileged.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import { lastSuccessfulBackupAt } from '../../_shared/backup/runs.ts'

/**
 * The gauges read from the database at scrape time: live sessions, the mail outbox backlog, and
 * the age of the last successful backup. One short privileged read: the metrics endpoint has no
 * user, and sessions and the outbox are not readable by any user in whole.
 */
export async function collectDatabaseMetrics(rt: Runtime): Promise<string> {
  const now = rt.now()
  // Privileged: counts across every account's sessions and the outbox (no rows leave this function).
  const { row, backup } = await asServiceRole(rt.db, 'metrics collection', async (tx) => {
    const [row] = await tx`
    select (select count(*) from public.sessions s
             where s.revoked_at is null and s.idle_expires_at > ${now} and s.expires_at > ${now})::int as sessions,
           (select count(*) from private.outbox o where o.sent_at is null and o.failed_at is null)::int as pending,
           (select count(*) from private.outbox o where o.failed_at is not null)::int as failed,
           (select min(o.created_at) from private.outbox o where o.sent_at is null and o.failed_at is null) as oldest`
    // The backup scheduler records its runs in public.backup_runs (functions/_shared/backup).
    return { row, backup: await lastSuccessfulBackupAt(tx) }
  })
  const oldest = row!.oldest as Date | null
  return [
    family('portal_active_sessions', 'gauge', 'Signed-in sessions that are neither revoked nor expired.', [[{}, row!.sessions]]),
    family('portal_outbox_pending', 'gauge', 'Mails waiting for delivery (including retries).', [[{}, row!.pending]]),
    family('portal_outbox_failed', 'gauge', 'Mails given up after permanent refusals or too many attempts.', [[{}, row!.failed]]),
    family('portal_outbox_oldest_pending_age_seconds', 'gauge', 'Age of the oldest mail waiting for delivery (0 when none waits).', [
      [{}, oldest ? Math.max(0, Math.round((now.getTime() - oldest.getTime()) / 1000)) : 0],
    ]),
    family('portal_backup_last_success_timestamp_seconds', 'gauge', 'Unix time of the last successful backup (0: none known).', [
      [{}, backup ? Math.floor(backup.getTime() / 1000) : 0],
    ]),
    family('portal_backup_last_success_age_seconds', 'gauge', 'Seconds since the last successful backup (+Inf: none known).', [
      [{}, backup ? Math.max(0, Math.round((now.getTime() - backup.getTime()) / 1000)) : Infinity],
    ]),
  ].join('\n')
}
