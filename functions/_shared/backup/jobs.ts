import type postgres from 'postgres'
import type { BlobStore } from '../blob/store.ts'
import type { Config } from '../config.ts'
import { log } from '../log.ts'
import { createBackup, type BackupResult } from './create-backup.ts'
import type { BackupKey } from './keys.ts'
import { failInterruptedRuns, finishRun, startRun, type RunTrigger } from './runs.ts'
import { backupsToKeep, backupTime } from './schedule.ts'
import type { BackupTarget } from './target.ts'
import { verifyBackup, type VerifyResult } from './verify-backup.ts'
import path from 'node:path'

/** Everything a backup job needs; the server and the npm scripts build one. */
export type BackupContext = {
  config: Config
  /** Owner credential of the portal's database (reads every table; writes the run records). */
  owner: postgres.Sql
  ownerUrl: string
  blobs: BlobStore
  fileMasterKey: Buffer
  /** Undefined when no backup key is configured (external database): backups are off. */
  key: BackupKey | undefined
  target: BackupTarget
  now: () => Date
}

/** Thrown when another process holds the backup lock (a backup or verification is running). */
export class BackupBusyError extends Error {
  constructor() {
    super('Another backup or verification is running (in the portal or another command); try again when it has finished.')
  }
}

/** Thrown when no backup key is configured. */
export class NoBackupKeyError extends Error {
  constructor() {
    super('No backup key: set BACKUP_KEY (64 hex characters) or BACKUP_KEY_FILE. See docs/operations.md, "Backups".')
  }
}

const LOCK = "hashtext('mandantenportal:backup')"

/**
 * Runs fn while holding the cluster-wide backup lock (a session advisory lock on a connection of
 * its own): one backup or verification at a time across every portal instance and command.
 * Under the lock, runs left 'running' by a crashed process are marked failed and partial backups
 * are removed (nobody else can be writing them). Throws BackupBusyError when the lock is taken.
 */
export async function withBackupLock<T>(ctx: BackupContext, fn: () => Promise<T>): Promise<T> {
  const conn = await ctx.owner.reserve()
  try {
    const [row] = await conn.unsafe(`select pg_try_advisory_lock(${LOCK}) as locked`)
    if (!row?.locked) throw new BackupBusyError()
    try {
      const interrupted = await failInterruptedRuns(ctx.owner, ctx.now())
      for (const name of await ctx.target.listPartial()) {
        await ctx.target.remove(name)
        log.info('backup: removed a partial backup', { backup: name, where: ctx.target.where })
      }
      if (interrupted) log.warn('backup: runs were interrupted by a crash and are marked failed', { runs: interrupted })
      return await fn()
    } finally {
      await conn.unsafe(`select pg_advisory_unlock(${LOCK})`)
    }
  } finally {
    conn.release()
  }
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err))

/** Takes a backup and records the run; with retention, prunes old backups afterwards. */
export async function runBackupJob(ctx: BackupContext, trigger: RunTrigger, options: { retention?: boolean } = {}): Promise<BackupResult> {
  if (!ctx.key) throw new NoBackupKeyError()
  const key = ctx.key.key
  return withBackupLock(ctx, async () => {
    const id = await startRun(ctx.owner, { kind: 'backup', trigger, target: ctx.target.kind, at: ctx.now() })
    try {
      const result = await createBackup({ owner: ctx.owner, blobs: ctx.blobs, fileMasterKey: ctx.fileMasterKey }, ctx.target, key, { now: ctx.now })
      const rows = result.manifest.tables.reduce((sum, t) => sum + t.rows, 0)
      await finishRun(ctx.owner, id, { status: 'succeeded', at: ctx.now(), backupName: result.name, bytes: result.bytes, tables: result.manifest.tables.length, rows, blobs: result.manifest.blobs.length })
      log.info('backup written', { backup: result.name, where: ctx.target.where, bytes: result.bytes, tables: result.manifest.tables.length, blobs: result.manifest.blobs.length })
      if (options.retention) await applyRetention(ctx)
      return result
    } catch (err) {
      await finishRun(ctx.owner, id, { status: 'failed', at: ctx.now(), error: message(err) })
      throw err
    }
  })
}

/** Restores the latest (or the named) backup into a scratch database and checks it; records the run. */
export async function runVerifyJob(ctx: BackupContext, trigger: RunTrigger, name?: string): Promise<VerifyResult> {
  if (!ctx.key) throw new NoBackupKeyError()
  const key = ctx.key.key
  return withBackupLock(ctx, async () => {
    const id = await startRun(ctx.owner, { kind: 'verify', trigger, target: ctx.target.kind, at: ctx.now() })
    try {
      const chosen = name ?? (await ctx.target.list()).at(-1)
      if (!chosen) throw new Error(`There is no complete backup in ${ctx.target.where} to verify.`)
      const result = await verifyBackup({ target: ctx.target, name: chosen, key, ownerUrl: ctx.ownerUrl, fileMasterKey: ctx.fileMasterKey, scratchDir: path.resolve(ctx.config.DATA_DIR, 'backup-verify') })
      await finishRun(ctx.owner, id, { status: 'succeeded', at: ctx.now(), backupName: result.name, tables: result.tables, rows: result.rows, blobs: result.blobs })
      log.info('backup verified', { ...result })
      return result
    } catch (err) {
      await finishRun(ctx.owner, id, { status: 'failed', at: ctx.now(), backupName: name, error: message(err) })
      throw err
    }
  })
}

/** Removes the backups the retention scheme does not keep (called under the backup lock). */
export async function applyRetention(ctx: BackupContext): Promise<string[]> {
  const names = await ctx.target.list()
  const keep = backupsToKeep(
    names.map((name) => ({ name, at: backupTime(name) })),
    { daily: ctx.config.BACKUP_KEEP_DAILY, weekly: ctx.config.BACKUP_KEEP_WEEKLY, monthly: ctx.config.BACKUP_KEEP_MONTHLY },
    ctx.config.BACKUP_TIMEZONE,
  )
  const removed = names.filter((n) => !keep.has(n))
  for (const name of removed) {
    await ctx.target.remove(name)
    await ctx.owner`update public.backup_runs set pruned_at = ${ctx.now()} where backup_name = ${name} and kind = 'backup'`
    log.info('backup removed by retention', { backup: name })
  }
  return removed
}
