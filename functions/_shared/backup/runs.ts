import type postgres from 'postgres'
import type { Tx } from '../db.ts'

type Sql = postgres.Sql | postgres.TransactionSql | Tx

/**
 * When the last backup succeeded (the end of its run), or null when none ever did. Works in any
 * transaction that may read public.backup_runs: service_role (e.g. /metrics' "last backup age"),
 * an admin's, or the owner's.
 */
export async function lastSuccessfulBackupAt(tx: Sql): Promise<Date | null> {
  const [row] = await (tx as postgres.Sql)`select max(finished_at) as at from public.backup_runs where kind = 'backup' and status = 'succeeded'`
  return (row?.at as Date | null) ?? null
}

export type RunKind = 'backup' | 'verify' | 'restore'
export type RunTrigger = 'scheduled' | 'manual'

/** Records the start of a run (owner credential); returns its id. */
export async function startRun(owner: postgres.Sql, run: { kind: RunKind; trigger: RunTrigger; target: 'directory' | 's3'; at: Date }): Promise<string> {
  const [row] = await owner`insert into public.backup_runs (kind, trigger, target, started_at)
                            values (${run.kind}, ${run.trigger}, ${run.target}, ${run.at}) returning id`
  return row!.id as string
}

export type RunOutcome = { status: 'succeeded' | 'failed'; at: Date; backupName?: string; bytes?: number; tables?: number; rows?: number; blobs?: number; error?: string }

/** Records how a run ended. */
export async function finishRun(owner: postgres.Sql, id: string, o: RunOutcome): Promise<void> {
  await owner`update public.backup_runs set status = ${o.status}, finished_at = ${o.at}, backup_name = coalesce(${o.backupName ?? null}, backup_name),
                bytes = ${o.bytes ?? null}, tables = ${o.tables ?? null}, row_count = ${o.rows ?? null}, blobs = ${o.blobs ?? null},
                error = ${o.error?.slice(0, 2000) ?? null}
              where id = ${id}`
}

/** Runs left 'running' by a process that ended (called while holding the backup lock). */
export async function failInterruptedRuns(owner: postgres.Sql, at: Date): Promise<number> {
  const rows = await owner`update public.backup_runs set status = 'failed', finished_at = ${at},
                             error = 'Interrupted: the process ended during the run (the partial backup was removed).'
                           where status = 'running' returning id`
  return rows.length
}

/** Records a finished restore in the restored database (its history starts there). */
export async function recordRestore(ownerUrl: string, run: { name: string; target: 'directory' | 's3'; started: Date; finished: Date }): Promise<void> {
  const { default: postgresClient } = await import('postgres')
  const sql = postgresClient(ownerUrl, { max: 1, onnotice: () => {} })
  try {
    await sql`insert into public.backup_runs (kind, trigger, status, target, backup_name, started_at, finished_at)
              values ('restore', 'manual', 'succeeded', ${run.target}, ${run.name}, ${run.started}, ${run.finished})`
  } finally {
    await sql.end({ timeout: 5 })
  }
}
