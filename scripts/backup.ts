/**
 * npm run backup — one consistent, encrypted backup of the database and the blob store into
 * BACKUP_DIR (default DATA_DIR/backups) or the BACKUP_S3_* bucket. Works while the portal runs
 * (embedded: it uses the running portal's PostgreSQL) and while it is stopped. Prints the
 * backup's name. Exit codes: 0 written, 1 failed, 2 configuration, 7 another backup running.
 */
import { ConfigError, usesEmbeddedDatabase } from '../functions/_shared/config.ts'
import { commandConfig, commandContext, EXIT, openDatabase } from '../functions/_shared/backup/cli.ts'
import { BackupBusyError, NoBackupKeyError, runBackupJob } from '../functions/_shared/backup/jobs.ts'

let code = 0
try {
  const config = commandConfig()
  const db = await openDatabase(config)
  try {
    const ctx = await commandContext(config, db, { generateKey: usesEmbeddedDatabase(config) })
    try {
      const result = await runBackupJob(ctx, 'manual', { retention: process.argv.includes('--prune') })
      console.log(`Backup ${result.name} written to ${ctx.target.where} (${result.manifest.tables.length} tables, ${result.manifest.blobs.length} files, ${result.bytes} bytes; backup key: ${ctx.key!.source}).`)
    } finally {
      await ctx.owner.end({ timeout: 5 })
    }
  } finally {
    await db.stop()
  }
} catch (err) {
  code = err instanceof BackupBusyError ? EXIT.busy : err instanceof ConfigError || err instanceof NoBackupKeyError ? EXIT.usage : EXIT.failed
  console.error(`Backup failed: ${err instanceof Error ? err.message : String(err)}`)
}
process.exit(code)
