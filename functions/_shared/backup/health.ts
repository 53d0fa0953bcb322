import type postgres from 'postgres'
import type { Tx } from '../db.ts'
import { log } from '../log.ts'
import { enqueueMail } from '../mail/outbox.ts'

/** How long without a successful backup counts as "missing". */
export const MISSING_AFTER_MS = 26 * 3600_000

export type BackupProblem = 'failed' | 'missing' | null

/**
 * Is something wrong with the backups right now? 'failed' when the latest backup (or the latest
 * verification) failed; 'missing' when none succeeded in 26 hours (counted from the installation
 * when there never was one); null otherwise.
 */
export async function backupProblem(owner: postgres.Sql | postgres.TransactionSql, now: Date): Promise<BackupProblem> {
  const [row] = await owner`
    select (select status from public.backup_runs where kind = 'backup' and status <> 'running' order by finished_at desc limit 1) as last_backup,
           (select status from public.backup_runs where kind = 'verify' and status <> 'running' order by finished_at desc limit 1) as last_verify,
           (select max(finished_at) from public.backup_runs where kind = 'backup' and status = 'succeeded') as last_success,
           (select min(applied_at) from portal_meta.migrations) as installed`
  if (row!.last_backup === 'failed' || row!.last_verify === 'failed') return 'failed'
  const since = (row!.last_success ?? row!.installed ?? now) as Date
  return now.getTime() - since.getTime() > MISSING_AFTER_MS ? 'missing' : null
}

/**
 * Opens an incident when a problem appears (and mails every admin once, through the outbox, in
 * the same transaction), updates nothing while it lasts, and closes it when the problem is gone.
 * Safe to call every minute from several instances: at most one incident is open (a unique index).
 */
export async function checkBackupHealth(owner: postgres.Sql, now: Date, link: string): Promise<BackupProblem> {
  return (await owner.begin(async (tx) => {
    const problem = await backupProblem(tx, now)
    if (!problem) {
      await tx`update public.backup_incidents set closed_at = ${now} where closed_at is null`
      return null
    }
    const opened = await tx`insert into public.backup_incidents (reason, opened_at, mailed_at) values (${problem}, ${now}, ${now})
                            on conflict do nothing returning id`
    if (opened.length) {
      const admins = await tx`select email, display_name, locale from public.accounts
                              where kind = 'staff' and is_admin and disabled_at is null`
      for (const a of admins)
        await enqueueMail(tx as unknown as Tx, { to: a.email, template: 'backup-alert', locale: a.locale, params: { name: a.display_name, reason: problem, link } })
      log.warn('backup problem: the admins were told', { reason: problem, admins: admins.length })
    }
    return problem
  })) as BackupProblem
}
