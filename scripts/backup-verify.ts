/**
 * npm run backup:verify [-- <backup>] — restores the latest (or the named) backup into a scratch
 * database on the same PostgreSQL and a scratch directory, checks every checksum, row count and
 * file, and removes the scratch copies. Exit codes: 0 verified, 1 failed, 2 configuration,
 * 6 the backup is damaged, 7 another backup running.
 */
import { ConfigError } from '../functions/_shared/config.ts'
import { commandConfig, commandContext, EXIT, openDatabase } from '../functions/_shared/backup/cli.ts'
import { BackupBusyError, NoBackupKeyError, runVerifyJob } from '../functions/_shared/backup/jobs.ts'
import { BackupIntegrityError } from '../functions/_shared/backup/part-cipher.ts'

let code = 0
try {
  const config = commandConfig()
  const db = await openDatabase(config)
  try {
    const ctx = await commandContext(config, db, { generateKey: false })
    try {
      const name = process.argv.slice(2).find((a) => !a.startsWith('--'))
      const result = await runVerifyJob(ctx, 'manual', name === 'latest' ? undefined : name)
      console.log(`Backup ${result.name} verified: ${result.tables} tables with ${result.rows} rows, ${result.blobs} files (${result.files} document versions opened with the file master key).`)
    } finally {
      await ctx.owner.end({ timeout: 5 })
    }
  } finally {
    await db.stop()
  }
} catch (err) {
  code =
    err instanceof BackupBusyError ? EXIT.busy
    : err instanceof BackupIntegrityError ? EXIT.damaged
    : err instanceof ConfigError || err instanceof NoBackupKeyError ? EXIT.usage
    : EXIT.failed
  console.error(`Backup verification failed: ${err instanceof Error ? err.message : String(err)}`)
}
process.exit(code)
