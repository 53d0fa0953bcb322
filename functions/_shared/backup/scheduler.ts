import postgres from 'postgres'
import { log } from '../log.ts'
import type { Runtime } from '../runtime.ts'
import { checkBackupHealth } from './health.ts'
import { BackupBusyError, runBackupJob, runVerifyJob, type BackupContext } from './jobs.ts'
import { loadBackupKey } from './keys.ts'
import { lastSlot, lastWeeklySlot } from './schedule.ts'
import { backupTargetFor } from './target.ts'
import { usesEmbeddedDatabase } from '../config.ts'

export type BackupScheduler = {
  /** One round: health check, the nightly backup when due, the weekly verification when due. */
  tick(): Promise<void>
  stop(waitMs?: number): Promise<void>
}

/** Builds the context the jobs need from the server's runtime and the owner credential. */
export async function backupContextFor(rt: Runtime, ownerUrl: string, options: { generateKey?: boolean } = {}): Promise<BackupContext> {
  const embedded = usesEmbeddedDatabase(rt.config)
  return {
    config: rt.config,
    owner: postgres(ownerUrl, { max: 4, onnotice: () => {}, connection: { application_name: 'mandantenportal-backup' } }),
    ownerUrl,
    blobs: rt.blobs,
    fileMasterKey: rt.secrets.fileMasterKey,
    key: await loadBackupKey(rt.config, { embedded, generate: options.generateKey ?? embedded }),
    target: await backupTargetFor(rt.config),
    now: rt.now,
  }
}

/**
 * The backup schedule inside the server: every intervalMs (a minute) it checks the backups'
 * health (warning + one mail per incident), takes the nightly backup once its slot (BACKUP_TIME
 * in BACKUP_TIMEZONE) has passed and no scheduled backup started since — a server that was down
 * at that time catches up at its next start — with retention afterwards, and the weekly
 * verification on BACKUP_VERIFY_WEEKDAY. Only the instance holding the backup lock runs a job;
 * the others skip. The clock is the runtime's (tests inject one and call tick()).
 */
export function startBackupScheduler(ctx: BackupContext, options: { intervalMs?: number; link: string }): BackupScheduler {
  const { config } = ctx
  const enabled = Boolean(ctx.key) && config.BACKUP_SCHEDULE
  if (!ctx.key) log.warn('backups are off: no backup key (set BACKUP_KEY or BACKUP_KEY_FILE); admins are warned after 26 hours')
  else if (!config.BACKUP_SCHEDULE) log.info('scheduled backups are off (BACKUP_SCHEDULE=false)')
  else log.info('backups scheduled', { at: config.BACKUP_TIME, timeZone: config.BACKUP_TIMEZONE, where: ctx.target.where })

  // Due when the slot passed after the installation and no scheduled run started since it (a
  // fresh installation waits for its first night; a server down at night catches up at start).
  const due = async (kind: 'backup' | 'verify', slot: Date) => {
    const [row] = await ctx.owner`select (select min(applied_at) from portal_meta.migrations) < ${slot} as installed_before,
                                         exists (select 1 from public.backup_runs where kind = ${kind} and trigger = 'scheduled' and started_at >= ${slot}) as started`
    return Boolean(row!.installed_before) && !row!.started
  }

  const round = async () => {
    await checkBackupHealth(ctx.owner, ctx.now(), options.link)
    if (!enabled) return
    const now = ctx.now()
    try {
      if (await due('backup', lastSlot(now, config.BACKUP_TIME, config.BACKUP_TIMEZONE)))
        await runBackupJob(ctx, 'scheduled', { retention: true }).catch((err) => {
          if (!(err instanceof BackupBusyError)) log.error('scheduled backup failed', { error: err })
        })
      const weekly = lastWeeklySlot(now, config.BACKUP_TIME, config.BACKUP_TIMEZONE, config.BACKUP_VERIFY_WEEKDAY)
      if ((await due('verify', weekly)) && (await ctx.target.list()).length)
        await runVerifyJob(ctx, 'scheduled').catch((err) => {
          if (!(err instanceof BackupBusyError)) log.error('scheduled backup verification failed', { error: err })
        })
    } finally {
      await checkBackupHealth(ctx.owner, ctx.now(), options.link)
    }
  }

  let chain: Promise<void> = Promise.resolve()
  let stopped = false
  const tick = () => {
    chain = chain.then(round).catch((err) => log.warn('backup scheduler round failed', { error: err }))
    return chain
  }
  const timer = setInterval(() => {
    if (!stopped) void tick()
  }, options.intervalMs ?? 60_000)
  ;(timer as { unref?: () => void }).unref?.()
  return {
    tick,
    /**
     * Stops the schedule. A backup still running is not waited for beyond a few seconds: it fails
     * when the database goes, and its partial backup is removed (now or by the next run).
     */
    async stop(waitMs = 5000) {
      stopped = true
      clearInterval(timer)
      await Promise.race([chain, new Promise((resolve) => setTimeout(resolve, waitMs).unref?.())])
      await ctx.owner.end({ timeout: 2 })
    },
  }
}
