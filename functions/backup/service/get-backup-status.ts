import type { Db } from '../../_shared/db.ts'
import { lastSuccessfulBackupAt } from '../../_shared/backup/runs.ts'
import type { SessionInfo } from '../../_shared/session.ts'

export type BackupStatus = {
  /** An open incident: backups failed, or none succeeded in 26 hours. */
  warning: { reason: 'failed' | 'missing'; since: string } | null
  lastSuccessAt: string | null
  lastFailure: { at: string; error: string | null } | null
}

/**
 * The backups' state for the staff dashboard, read as the caller: admins see the incident and the
 * runs (policies/09-backups.sql); everyone else reads no rows and so gets no warning.
 */
export async function getBackupStatus(db: Db, session: SessionInfo): Promise<BackupStatus> {
  return db.asUser(session.claims, async (tx) => {
    const [incident] = await tx`select reason, opened_at from public.backup_incidents where closed_at is null`
    const [failure] = await tx`select finished_at, error from public.backup_runs where status = 'failed' order by finished_at desc limit 1`
    const last = await lastSuccessfulBackupAt(tx)
    return {
      warning: incident ? { reason: incident.reason, since: (incident.opened_at as Date).toISOString() } : null,
      lastSuccessAt: last?.toISOString() ?? null,
      lastFailure: failure ? { at: (failure.finished_at as Date).toISOString(), error: failure.error } : null,
    }
  })
}
