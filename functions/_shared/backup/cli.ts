import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import postgres from 'postgres'
import { blobStoreFor } from '../blob/from-config.ts'
import { ConfigError, loadConfig, usesEmbeddedDatabase, type Config } from '../config.ts'
import { configureLog } from '../log.ts'
import { loadSecrets } from '../secrets.ts'
import type { BackupContext } from './jobs.ts'
import { loadBackupKey } from './keys.ts'
import { BACKUP_NAME, backupTargetFor, directoryTarget, MANIFEST, type BackupTarget } from './target.ts'

/** Exit codes of the backup commands, for scripts and monitoring. */
export const EXIT = { failed: 1, usage: 2, database: 3, refused: 5, damaged: 6, busy: 7 } as const

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * The embedded PostgreSQL of a running portal on this DATA_DIR, if there is one: its port from
 * postmaster.pid (line 4) and the superuser password from DATA_DIR/secrets.
 */
async function runningEmbedded(dataDir: string): Promise<string | undefined> {
  const root = path.resolve(dataDir)
  const pid = Number((await readFile(path.join(root, 'portal.lock'), 'utf8').catch(() => '')).trim())
  if (!pid || !isAlive(pid)) return undefined
  const lines = (await readFile(path.join(root, 'postgres', 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')
  const port = Number(lines[3])
  const password = (await readFile(path.join(root, 'secrets', 'db-superuser-password'), 'utf8').catch(() => '')).trim()
  if (!port || !password) return undefined
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`
}

export type CliDatabase = { ownerUrl: string; stop(): Promise<void> }

/**
 * The owner credential for a command: DATABASE_OWNER_URL; with the embedded database, the
 * running portal's PostgreSQL (a backup while the portal serves), or — when the portal is
 * stopped — the embedded PostgreSQL started for this command (and stopped after it).
 */
export async function openDatabase(config: Config, options: { mustBeStopped?: boolean } = {}): Promise<CliDatabase> {
  if (!usesEmbeddedDatabase(config)) return { ownerUrl: config.DATABASE_OWNER_URL!, stop: async () => {} }
  const running = await runningEmbedded(config.DATA_DIR)
  if (running && !options.mustBeStopped) return { ownerUrl: running, stop: async () => {} }
  const { startEmbeddedPostgres } = await import('../embedded-postgres.ts')
  const pg = await startEmbeddedPostgres(config.DATA_DIR)
  return { ownerUrl: pg.ownerUrl, stop: () => pg.stop() }
}

/** Configuration for a command: the environment, with log lines only for warnings. */
export function commandConfig(): Config {
  const config = loadConfig(process.env)
  configureLog({ level: process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn' })
  return config
}

/**
 * Before a restore creates anything: the file master key must already be there (a generated
 * one could never open the restored files). Throws ConfigError naming what to provide.
 */
export async function requireMasterKey(config: Config): Promise<void> {
  if (config.FILE_MASTER_KEY || config.FILE_MASTER_KEY_FILE) return
  const file = path.join(path.resolve(config.DATA_DIR), 'secrets', 'file-master-key')
  if (!usesEmbeddedDatabase(config) || !(await stat(file).catch(() => undefined)))
    throw new ConfigError('FILE_MASTER_KEY_FILE', `the file master key the backup was made with is needed: copy the saved key to ${file} (mode 0600) or set FILE_MASTER_KEY_FILE`)
}

/** The context the jobs need, for a command. */
export async function commandContext(config: Config, db: CliDatabase, options: { generateKey: boolean }): Promise<BackupContext> {
  const embedded = usesEmbeddedDatabase(config)
  const secrets = await loadSecrets(config, embedded)
  return {
    config,
    owner: postgres(db.ownerUrl, { max: 4, onnotice: () => {}, connection: { application_name: 'mandantenportal-backup' } }),
    ownerUrl: db.ownerUrl,
    blobs: await blobStoreFor(config),
    fileMasterKey: secrets.fileMasterKey,
    key: await loadBackupKey(config, { embedded, generate: options.generateKey }),
    target: await backupTargetFor(config),
    now: () => new Date(),
  }
}

/**
 * Which backup a command means: a path to a backup directory (with its manifest), a backup's
 * name in the configured target, or "latest" (the newest complete one there).
 */
export async function resolveBackup(config: Config, arg: string | undefined): Promise<{ target: BackupTarget; name: string }> {
  if (arg && arg !== 'latest' && (arg.includes('/') || !BACKUP_NAME.test(arg))) {
    const dir = path.resolve(arg)
    const name = path.basename(dir)
    if (!BACKUP_NAME.test(name) || !(await stat(path.join(dir, MANIFEST)).catch(() => undefined)))
      throw new ConfigError('backup', `${arg} is not a complete backup (a directory named like 20261127T013000Z-1a2b with a ${MANIFEST})`)
    return { target: directoryTarget(path.dirname(dir)), name }
  }
  const target = await backupTargetFor(config)
  if (arg && arg !== 'latest') return { target, name: arg }
  const name = (await target.list()).at(-1)
  if (!name) throw new ConfigError('backup', `there is no complete backup in ${target.where}`)
  return { target, name }
}
