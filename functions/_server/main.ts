import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { notFound } from '../_shared/app.ts'
import { renderError } from '../_shared/errors.ts'
import { DataDirInUseError } from '../_shared/embedded-postgres.ts'
import { beginShutdown } from '../_shared/lifecycle.ts'
import { log } from '../_shared/log.ts'
import { requestsInFlight } from '../_shared/metrics.ts'
import { startMailWorker } from '../_shared/mail/worker.ts'
import { startUploadSweeper } from '../documents/tus/sweep.ts'
import { startGuestSessionSweeper } from '../shares/service/sweep-sessions.ts'
import { startThrottleSweeper } from '../_shared/throttle-sweep.ts'
import { startDocumentScheduler } from '../documents/service/reminders.ts'
import { startRetentionScheduler } from '../operations/service/retention-notices.ts'
import { startAppointmentReminders } from '../appointments/service/reminders.ts'
import { backupContextFor, startBackupScheduler } from '../_shared/backup/scheduler.ts'
import { boot, bootFailure, EXIT, type Booted } from './boot.ts'
import { ensureWebBuild } from './web-build.ts'
import { createGateway } from './gateway.ts'
import { createPortalNodeWebSocket } from '../realtime/node-socket.ts'

/** npm start: the portal on Node — database, migrations, web build, one port for everything. */
async function main() {
  let booted: Booted
  try {
    booted = await boot(process.env)
  } catch (err) {
    fail(err)
  }
  const { config } = booted.runtime
  if (config.WEB_BUILD) await ensureWebBuild()
  const mail = startMailWorker(booted.runtime)
  const uploadSweeper = startUploadSweeper(booted.runtime)
  const guestSessionSweeper = startGuestSessionSweeper(booted.runtime)
  // Throttle counters whose window ended a day ago, hourly.
  const throttleSweeper = startThrottleSweeper(booted.runtime)
  // Request reminders and the cleanup of deleted blobs, every minute (idempotent across instances).
  const documentScheduler = startDocumentScheduler(booted.runtime)
  // Deletion proposals after a client's retention ended: admins are mailed once (hourly check).
  const retentionScheduler = startRetentionScheduler(booted.runtime)
  // Appointment reminders 24 h before, every minute (keyed per booking and start: idempotent).
  const appointmentReminders = startAppointmentReminders(booted.runtime)
  // Nightly backups with retention, the weekly verification, and the admins' warning (dashboard
  // and one mail per incident) when backups fail or none succeeded in 26 hours.
  const backups = startBackupScheduler(await backupContextFor(booted.runtime, booted.embedded?.ownerUrl ?? config.DATABASE_OWNER_URL!), {
    link: config.PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`,
  })

  const holder = new Hono()
  holder.onError(renderError)
  holder.notFound(notFound)
  // WebSocket messages up to 64 KiB (ws's default would buffer 100 MiB per message).
  const { injectWebSocket, upgradeWebSocket } = createPortalNodeWebSocket({ app: holder })
  const gateway = createGateway(upgradeWebSocket)
  holder.route('/', gateway)
  const server = serve({ fetch: holder.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    log.info('portal listening', { url: `http://${config.HOST}:${info.port}`, publicUrl: config.PUBLIC_URL })
  })
  injectWebSocket(server)
  // Large uploads may take longer than Node's default five minutes per request; the size limit
  // and the idle socket timeout still apply.
  ;(server as import('node:http').Server).requestTimeout = 0

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    // From here on new requests get 503 shutting_down (and /health says so); running requests —
    // uploads above all — and the mail being sent finish, up to SHUTDOWN_TIMEOUT_SECONDS.
    beginShutdown()
    const deadline = Date.now() + config.SHUTDOWN_TIMEOUT_SECONDS * 1000
    log.info('shutting down', { signal, inFlight: requestsInFlight(), timeoutSeconds: config.SHUTDOWN_TIMEOUT_SECONDS })
    const http = server as import('node:http').Server
    http.close()
    http.closeIdleConnections?.()
    // Open WebSockets keep the listener's close callback waiting, so wait for the HTTP requests
    // in flight instead (each answered request also closes its keep-alive connection).
    const requestsDone = (async () => {
      while (requestsInFlight() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    })()
    // Each step may find the database already gone (Ctrl-C reaches the embedded PostgreSQL too).
    const mailDone = mail.stop().catch((err) => log.warn('mail worker stop failed', { error: err }))
    const timeLeft = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), Math.max(0, deadline - Date.now())).unref())
    if ((await Promise.race([Promise.all([requestsDone, mailDone]), timeLeft])) === 'timeout')
      log.warn('shutdown timeout: cutting off what is still running', { inFlight: requestsInFlight() })
    http.closeAllConnections?.()
    await uploadSweeper.stop()
    await guestSessionSweeper.stop()
    await throttleSweeper.stop()
    await documentScheduler.stop()
    await retentionScheduler.stop()
    await appointmentReminders.stop()
    await backups.stop()
    await booted.shutdown().catch((err) => log.warn('database shutdown failed', { error: err }))
    log.info('stopped')
    process.exit(0)
  }
  // embedded-postgres installs its own exit hook that would exit before our shutdown completes.
  process.removeAllListeners('SIGINT')
  process.removeAllListeners('SIGTERM')
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

function fail(err: unknown): never {
  if (err instanceof DataDirInUseError) {
    log.error(err.message, { dataDir: err.dataDir })
    process.exit(EXIT.dataDirInUse)
  }
  const { exitCode, message, fields } = bootFailure(err)
  log.error(message, fields)
  process.exit(exitCode)
}

await main()
