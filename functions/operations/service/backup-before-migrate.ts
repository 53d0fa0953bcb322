import { readdir } from 'node:fs/promises'
import postgres from 'postgres'
import { usesEmbeddedDatabase, type Config } from '../../_shared/config.ts'
import { log } from '../../_shared/log.ts'
import { MIGRATIONS_DIR } from '../../_shared/paths.ts'
import type { Secrets } from '../../_shared/secrets.ts'

export type PreMigrationBackup =
  | { backup: 'written'; name: string; pending: string[] }
  | { backup: 'skipped'; reason: 'fresh database' | 'nothing pending' | 'no backup key' | 'another backup running' }

/** Thrown when the backup before an upgrade failed: the portal does not migrate without it. */
export class PreMigrationBackupError extends Error {}

/**
 * Before the migrations of an upgrade: when the database has migrations applied and the new
 * release brings more, one backup of the current state (database and blobs) is written to the
 * configured backup target first, so that the upgrade can be undone by a restore. A fresh
 * database, an up-to-date one, or no backup key (external database without BACKUP_KEY) skip it.
 * Throws PreMigrationBackupError when the backup fails — nothing is migrated then.
 */
export async function backupBeforeMigrate(config: Config, ownerUrl: string, secrets: Secrets): Promise<PreMigrationBackup> {
  const owner = postgres(ownerUrl, { max: 4, onnotice: () => {}, connection: { application_name: 'mandantenportal-backup' } })
  try {
    const [meta] = await owner`select to_regclass('portal_meta.migrations') is not null as ok, to_regclass('public.backup_runs') is not null as runs`
    if (!meta!.ok) return { backup: 'skipped', reason: 'fresh database' }
    const applied = new Set((await owner`select name from portal_meta.migrations`).map((r) => r.name as string))
    if (!applied.size) return { backup: 'skipped', reason: 'fresh database' }
    const pending = (await readdir(MIGRATIONS_DIR)).filter((n) => n.endsWith('.sql') && !applied.has(n)).sort()
    if (!pending.length) return { backup: 'skipped', reason: 'nothing pending' }
    // Loaded only for an upgrade: a normal start (and the Deno entry) does not carry the backup code.
    const [{ loadBackupKey }, { backupTargetFor }, { BackupBusyError, runBackupJob }, { createBackup }, { blobStoreFor }] = await Promise.all([
      import('../../_shared/backup/keys.ts'),
      import('../../_shared/backup/target.ts'),
      import('../../_shared/backup/jobs.ts'),
      import('../../_shared/backup/create-backup.ts'),
      import('../../_shared/blob/from-config.ts'),
    ])
    const embedded = usesEmbeddedDatabase(config)
    const key = await loadBackupKey(config, { embedded, generate: embedded })
    if (!key) {
      log.warn('no backup before the migrations: no backup key is configured (BACKUP_KEY or BACKUP_KEY_FILE)', { pending })
      return { backup: 'skipped', reason: 'no backup key' }
    }
    const target = await backupTargetFor(config)
    const blobs = await blobStoreFor(config)
    log.info('backup before the migrations', { pending, where: target.where })
    try {
      // A database from before the backups migration has no run records: write the backup alone.
      const result = meta!.runs
        ? await runBackupJob({ config, owner, ownerUrl, blobs, fileMasterKey: secrets.fileMasterKey, key, target, now: () => new Date() }, 'manual')
        : await createBackup({ owner, blobs, fileMasterKey: secrets.fileMasterKey }, target, key.key)
      log.info('backup before the migrations written', { backup: result.name, where: target.where })
      return { backup: 'written', name: result.name, pending }
    } catch (err) {
      // Another instance starting at the same time is taking it.
      if (err instanceof BackupBusyError) return { backup: 'skipped', reason: 'another backup running' }
      const detail = err instanceof Error ? err.message : String(err)
      throw new PreMigrationBackupError(
        `The backup before the migrations (${pending.join(', ')}) failed, so nothing was migrated: ${detail}. Fix the backup target, or start once with BACKUP_BEFORE_MIGRATE=false after a backup of your own.`,
      )
    }
  } finally {
    await owner.end({ timeout: 5 })
  }
}
