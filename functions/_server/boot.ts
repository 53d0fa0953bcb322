import { loadConfig, usesEmbeddedDatabase, type Config } from '../_shared/config.ts'
import { createDb } from '../_shared/db.ts'
import { setAppPassword, startEmbeddedPostgres, type EmbeddedDatabase } from '../_shared/embedded-postgres.ts'
import { configureLog, log } from '../_shared/log.ts'
import { migrate } from '../_shared/migrate.ts'
import { setRuntime, type Runtime } from '../_shared/runtime.ts'
import { loadSecrets } from '../_shared/secrets.ts'

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
  if (embeddedMode) {
    embedded = await startEmbeddedPostgres(config.DATA_DIR)
    ownerUrl = embedded.ownerUrl
    appUrl = embedded.appUrl
    log.info('embedded PostgreSQL started', { port: embedded.port, dataDir: config.DATA_DIR })
  }
  try {
    await migrate(ownerUrl!)
    if (embedded) await setAppPassword(ownerUrl!, config.DATA_DIR)
  } catch (err) {
    await embedded?.stop()
    throw err
  }
  const db = createDb(appUrl!, { max: config.DATABASE_POOL_SIZE })
  const runtime: Runtime = { config, db, secrets, now: () => new Date(), startedAt: new Date() }
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
