/**
 * npm run restore -- <backup> [--force] — restores a backup (a path to a backup directory, a
 * backup's name in BACKUP_DIR / the backup bucket, or "latest") into an empty data directory
 * (embedded) or the empty database of DATABASE_OWNER_URL, with the blobs into the configured
 * store. Refuses a database that already holds a portal unless --force (which replaces it).
 * Needs the backup key (BACKUP_KEY / BACKUP_KEY_FILE or DATA_DIR/secrets/backup-key) and the
 * file master key the backup was made with. The portal must be stopped.
 * Exit codes: 0 restored, 1 failed, 2 configuration, 4 data directory in use, 5 refused
 * (not empty, other portal version, other master key), 6 the backup is damaged or changed.
 */
import { ConfigError, usesEmbeddedDatabase } from '../functions/_shared/config.ts'
import { blobStoreFor } from '../functions/_shared/blob/from-config.ts'
import { commandConfig, EXIT, openDatabase, requireMasterKey, resolveBackup } from '../functions/_shared/backup/cli.ts'
import { loadBackupKey } from '../functions/_shared/backup/keys.ts'
import { BackupIntegrityError } from '../functions/_shared/backup/part-cipher.ts'
import { restoreBackup, RestoreRefusedError } from '../functions/_shared/backup/restore-backup.ts'
import { recordRestore } from '../functions/_shared/backup/runs.ts'
import { loadSecrets } from '../functions/_shared/secrets.ts'

let code = 0
try {
  const args = process.argv.slice(2)
  const force = args.includes('--force')
  const arg = args.find((a) => !a.startsWith('--'))
  if (!arg) throw new ConfigError('backup', 'usage: npm run restore -- <backup directory | backup name | latest> [--force]')
  const config = commandConfig()
  const embedded = usesEmbeddedDatabase(config)
  await requireMasterKey(config)
  const key = await loadBackupKey(config, { embedded, generate: false })
  if (!key) throw new ConfigError('BACKUP_KEY_FILE', 'the backup key is needed: set BACKUP_KEY_FILE to the saved key (or BACKUP_KEY)')
  const { target, name } = await resolveBackup(config, arg)
  const secrets = await loadSecrets(config, embedded)
  const db = await openDatabase(config, { mustBeStopped: true })
  try {
    const started = new Date()
    const manifest = await restoreBackup({ target, name, key: key.key, ownerUrl: db.ownerUrl, blobs: await blobStoreFor(config), fileMasterKey: secrets.fileMasterKey, force })
    await recordRestore(db.ownerUrl, { name, target: target.kind, started, finished: new Date() })
    const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0)
    console.log(`Backup ${name} (taken ${manifest.createdAt}) restored: ${manifest.tables.length} tables with ${rows} rows, ${manifest.blobs.length} files. Start the portal now.`)
  } finally {
    await db.stop()
  }
} catch (err) {
  const name = (err as Error)?.constructor?.name
  code =
    err instanceof RestoreRefusedError ? EXIT.refused
    : err instanceof BackupIntegrityError ? EXIT.damaged
    : err instanceof ConfigError ? EXIT.usage
    : name === 'DataDirInUseError' ? 4
    : EXIT.failed
  console.error(`Restore refused or failed: ${err instanceof Error ? err.message : String(err)}`)
}
process.exit(code)
