import { ConfigError, loadConfig } from './config.ts'
import { createDb } from './db.ts'
import { configureLog, log } from './log.ts'
import { migrate } from './migrate.ts'
import { setRuntime } from './runtime.ts'
import { blobStoreFor } from './blob/from-config.ts'
import { announceScanning } from './scan/scan-stream.ts'
import { loadSecrets } from './secrets.ts'

/**
 * Serving one function on its own (functions/<name>/index.ts), the way an edge-function host
 * runs it: `deno run -A --config deno.json functions/<name>/index.ts` (or tsx under Node).
 *
 * It needs an external PostgreSQL (DATABASE_URL and DATABASE_OWNER_URL, plus SESSION_PEPPER and
 * FILE_MASTER_KEY or their _FILE variants): the embedded database belongs to the whole portal
 * (`npm start`). Migrations are applied with the owner credential as on the portal's start (a
 * no-op when the database is current). Paths are the same as in the portal
 * (/functions/v1/<name>/…). WebSockets and the outbox mail worker run in the portal only.
 */

type Fetch = (request: Request, env?: unknown) => Response | Promise<Response>
type Signal = 'SIGINT' | 'SIGTERM'

/** The part of the Deno namespace used here (typed locally: the project type-checks with Node's types). */
type DenoApi = {
  env: { toObject(): Record<string, string> }
  exit(code: number): never
  addSignalListener(signal: Signal, handler: () => void): void
  serve(
    options: { port: number; hostname: string; onListen?: (addr: { hostname: string; port: number }) => void },
    handler: (request: Request, info: unknown) => Response | Promise<Response>,
  ): { shutdown(): Promise<void> }
}

const Deno = (globalThis as unknown as { Deno?: DenoApi }).Deno

export type Standalone = { port: number; stop(): Promise<void> }

/** Boots the runtime from the environment and serves fetch until SIGINT/SIGTERM. */
export async function startStandalone(fetch: Fetch): Promise<Standalone> {
  const env: Record<string, string | undefined> = Deno ? Deno.env.toObject() : process.env
  const exit = (code: number): never => (Deno ? Deno.exit(code) : process.exit(code))
  let config
  let db
  try {
    config = loadConfig(env)
    configureLog({ level: config.LOG_LEVEL })
    if (!config.DATABASE_URL || !config.DATABASE_OWNER_URL)
      throw new ConfigError('DATABASE_URL', 'required: a function served on its own needs an external PostgreSQL')
    const secrets = await loadSecrets(config, false)
    await migrate(config.DATABASE_OWNER_URL)
    db = createDb(config.DATABASE_URL, { max: config.DATABASE_POOL_SIZE })
    setRuntime({ config, db, secrets, blobs: await blobStoreFor(config), now: () => new Date(), startedAt: new Date() })
    announceScanning(config)
  } catch (err) {
    if (err instanceof ConfigError) {
      log.error(err.message, { variable: err.variable })
      return exit(2)
    }
    log.error(`The function could not start: the database is not reachable or refused the setup (${(err as Error).message}).`)
    return exit(3)
  }
  const pool = db

  let port = config.PORT
  let close: () => Promise<void>
  if (Deno) {
    let listening!: () => void
    const ready = new Promise<void>((resolve) => (listening = resolve))
    const server = Deno.serve(
      {
        port: config.PORT,
        hostname: config.HOST,
        onListen: (addr) => {
          port = addr.port
          listening()
        },
      },
      (req, info) => fetch(req, info),
    )
    await ready
    close = () => server.shutdown()
  } else {
    const { serve } = await import('@hono/node-server')
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch, port: config.PORT, hostname: config.HOST }, (info) => {
        port = info.port
        resolve(s)
      })
    })
    close = () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
  log.info('function listening', { url: `http://${config.HOST}:${port}`, runtime: Deno ? 'deno' : 'node' })

  let stopping: Promise<void> | undefined
  const stop = () =>
    (stopping ??= (async () => {
      await close()
      await pool.end()
    })())
  const onSignal = (signal: Signal) => () => {
    log.info('shutting down', { signal })
    stop().then(
      () => exit(0),
      (err) => {
        log.error('shutdown failed', { error: err })
        exit(1)
      },
    )
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    if (Deno) Deno.addSignalListener(signal, onSignal(signal))
    else process.on(signal, onSignal(signal))
  }
  return { port, stop }
}
