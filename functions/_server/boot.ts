import { blobStoreFor } from '../_shared/blob/from-config.ts'
import { ConfigError, loadConfig, usesEmbeddedDatabase, type Config } from '../_shared/config.ts'
import { createDb } from '../_shared/db.ts'
import type { EmbeddedDatabase } from '../_shared/embedded-postgres.ts'
import { configureLog, log } from '../_shared/log.ts'
import { migrate, MigrationChangedError } from '../_shared/migrate.ts'
import { publicOriginFor, storePublicOrigin } from '../_shared/public-origin.ts'
import { announceScanning } from '../_shared/scan/scan-stream.ts'
import { setRuntime, type Runtime } from '../_shared/runtime.ts'
import { loadSecrets } from '../_shared/secrets.ts'
import { backupBeforeMigrate, PreMigrationBackupError } from '../operations/service/backup-before-migrate.ts'

export type Booted = { runtime: Runtime; embedded?: EmbeddedDatabase; shutdown(): Promise<void> }

/** Exit codes the operator can script against. */
export const EXIT = { config: 2, database: 3, dataDirInUse: 4 } as const

/**
 * Everything before serving: configuration, secrets, the database (embedded or external),
 * migrations and policies, the runtime. Throws on any failure, with a message naming the cause.
 */
export async function boot(env: Record<string, string | undefined>): Promise<Booted> {
  const config: Config = loadConfig(env)
  configureLog({ level: config.LOG_LEVEL })
  const embeddedMode = usesEmbeddedDatabase(config)
  const secrets = await loadSecrets(config, embeddedMode)
  let embedded: EmbeddedDatabase | undefined
  let ownerUrl = config.DATABASE_OWNER_URL
  let appUrl = config.DATABASE_URL
  // Loaded only when needed: the embedded-postgres package installs process exit hooks on import,
  // and a portal on an external database (e.g. under Deno) must not carry them.
  const embeddedModule = embeddedMode ? await import('../_shared/embedded-postgres.ts') : undefined
  if (embeddedModule) {
    embedded = await embeddedModule.startEmbeddedPostgres(config.DATA_DIR)
    ownerUrl = embedded.ownerUrl
    appUrl = embedded.appUrl
    log.info('embedded PostgreSQL started', { port: embedded.port, dataDir: config.DATA_DIR })
  }
  try {
    // An upgrade brings new migrations: back up the current state first (operations/service).
    if (config.BACKUP_BEFORE_MIGRATE) await backupBeforeMigrate(config, ownerUrl!, secrets)
    await migrate(ownerUrl!)
    // Links in mails are built in SQL from this origin, never from a caller's (public-origin.ts).
    await storePublicOrigin(ownerUrl!, publicOriginFor(config))
    if (embeddedModule) await embeddedModule.setAppPassword(ownerUrl!, config.DATA_DIR)
  } catch (err) {
    await embedded?.stop()
    throw err
  }
  const db = createDb(appUrl!, { max: config.DATABASE_POOL_SIZE })
  const blobs = await blobStoreFor(config)
  announceScanning(config)
  const runtime: Runtime = { config, db, secrets, blobs, now: () => new Date(), startedAt: new Date() }
  setRuntime(runtime)
  return {
    runtime,
    embedded,
    async shutdown() {
      await db.end()
      await embedded?.stop()
    },
  }
}

/**
 * What to tell the operator when boot() failed, and the exit code to stop with. The embedded
 * database's DataDirInUseError is handled by main.ts (the only entry that starts one).
 */
export function bootFailure(err: unknown): { exitCode: number; message: string; fields?: Record<string, unknown> } {
  if (err instanceof ConfigError) return { exitCode: EXIT.config, message: err.message, fields: { variable: err.variable } }
  if (err instanceof MigrationChangedError) return { exitCode: EXIT.database, message: err.message, fields: { migration: err.file } }
  if (err instanceof PreMigrationBackupError) return { exitCode: EXIT.database, message: err.message }
  const detail = err instanceof Error ? err.message : String(err)
  return {
    exitCode: EXIT.database,
    message: `The portal could not start: the database is not reachable or refused the setup (${detail}).`,
  }
}
