// The portal under Deno 2 (`npm run start:deno`, or `deno run -A --config deno.json functions/_server/deno.ts`):
// the same gateway as main.ts on Deno.serve, against an external PostgreSQL (DATABASE_URL and
// DATABASE_OWNER_URL). It does not build the web app; it serves web/dist when present.
import { upgradeWebSocket } from 'hono/deno'
import { beginShutdown } from '../_shared/lifecycle.ts'
import { log } from '../_shared/log.ts'
import { startMailWorker } from '../_shared/mail/worker.ts'
import { startUploadSweeper } from '../documents/tus/sweep.ts'
import { startGuestSessionSweeper } from '../shares/service/sweep-sessions.ts'
import { startThrottleSweeper } from '../_shared/throttle-sweep.ts'
import { startDocumentScheduler } from '../documents/service/reminders.ts'
import { startAppointmentReminders } from '../appointments/service/reminders.ts'
import { startRetentionScheduler } from '../operations/service/retention-notices.ts'
import { backupContextFor, startBackupScheduler } from '../_shared/backup/scheduler.ts'
import { boot, bootFailure, EXIT, type Booted } from './boot.ts'
import { createGateway } from './gateway.ts'

/** The part of the Deno namespace used here (typed locally: the project type-checks with Node's types). */
type DenoServer = { finished: Promise<void>; shutdown(): Promise<void> }
type DenoApi = {
  env: { toObject(): Record<string, string> }
  exit(code: number): never
  addSignalListener(signal: 'SIGINT' | 'SIGTERM', handler: () => void): void
  serve(
    options: { port: number; hostname: string; onListen?: (addr: { hostname: string; port: number }) => void },
    handler: (request: Request, info: unknown) => Response | Promise<Response>,
  ): DenoServer
}

const Deno = (globalThis as unknown as { Deno?: DenoApi }).Deno
if (!Deno) throw new Error('functions/_server/deno.ts runs under Deno; use `npm start` for Node.')

async function main(deno: DenoApi) {
  const env = deno.env.toObject()
  for (const variable of ['DATABASE_URL', 'DATABASE_OWNER_URL']) {
    if (!env[variable]) {
      log.error(`Configuration error in ${variable}: required under Deno (the embedded database runs with npm start only)`, { variable })
      deno.exit(EXIT.config)
    }
  }
  let booted: Booted
  try {
    booted = await boot(env)
  } catch (err) {
    const { exitCode, message, fields } = bootFailure(err)
    log.error(message, fields)
    deno.exit(exitCode)
  }
  const { config } = booted.runtime
  const mail = startMailWorker(booted.runtime)
  const uploadSweeper = startUploadSweeper(booted.runtime)
  const guestSessionSweeper = startGuestSessionSweeper(booted.runtime)
  // Throttle counters whose window ended a day ago, hourly.
  const throttleSweeper = startThrottleSweeper(booted.runtime)
  // Request reminders and the cleanup of deleted blobs, every minute (idempotent across instances).
  const documentScheduler = startDocumentScheduler(booted.runtime)
  // Appointment reminders 24 h before, every minute (keyed per booking and start: idempotent).
  const appointmentReminders = startAppointmentReminders(booted.runtime)
  // Deletion proposals after a client's retention ended: admins are mailed once (hourly check).
  const retentionScheduler = startRetentionScheduler(booted.runtime)
  // Nightly backups, the weekly verification and the admins' warning, as under Node.
  const backups = startBackupScheduler(await backupContextFor(booted.runtime, config.DATABASE_OWNER_URL!), {
    link: config.PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`,
  })
  const gateway = createGateway(upgradeWebSocket)
  const server = deno.serve(
    {
      port: config.PORT,
      hostname: config.HOST,
      onListen: ({ port }) =>
        log.info('portal listening', { url: `http://${config.HOST}:${port}`, publicUrl: config.PUBLIC_URL, runtime: 'deno' }),
    },
    (req, info) => gateway.fetch(req, info),
  )

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    log.info('shutting down', { signal })
    // New requests get 503 shutting_down (and /health says so); running ones may finish.
    beginShutdown()
    try {
      // Open WebSockets would keep a graceful shutdown waiting: at most SHUTDOWN_TIMEOUT_SECONDS.
      await Promise.race([server.shutdown(), new Promise((resolve) => setTimeout(resolve, config.SHUTDOWN_TIMEOUT_SECONDS * 1000))])
      await mail.stop()
      await uploadSweeper.stop()
      await guestSessionSweeper.stop()
      await throttleSweeper.stop()
      await documentScheduler.stop()
      await appointmentReminders.stop()
      await retentionScheduler.stop()
      await backups.stop()
      await booted.shutdown()
      log.info('stopped')
      deno.exit(0)
    } catch (err) {
      log.error('shutdown failed', { error: err })
      deno.exit(1)
    }
  }
  deno.addSignalListener('SIGINT', () => void stop('SIGINT'))
  deno.addSignalListener('SIGTERM', () => void stop('SIGTERM'))
}

await main(Deno)
