import postgres from 'postgres'
import { rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkBackupHealth } from '../../../functions/_shared/backup/health.ts'
import type { BackupContext } from '../../../functions/_shared/backup/jobs.ts'
import { startBackupScheduler, type BackupScheduler } from '../../../functions/_shared/backup/scheduler.ts'
import type { BackupTarget } from '../../../functions/_shared/backup/target.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { createPersona } from '../../helpers/personas.ts'
import { backupContextFor } from './helpers.ts'

/**
 * The scheduler with an injected clock (no waiting): the nightly backup after BACKUP_TIME in
 * Berlin, once per night; the weekly verification; retention; one instance at a time (advisory
 * lock); a failed or missing backup opens one incident with one mail to the admins, and the next
 * successful backup closes it.
 */
let ctx: TestContext
let bctx: BackupContext
let scheduler: BackupScheduler
let goodTarget: BackupTarget
const LINK = 'https://portal.kanzlei.example'

// 02:30 in Berlin is 01:30 UTC in winter.
const at = (iso: string) => new Date(iso)
const runs = () => ctx.owner`select kind, trigger, status, backup_name, pruned_at, started_at from public.backup_runs order by started_at, kind`
const alertMails = () => ctx.owner`select to_address, locale, params from private.outbox where template = 'backup-alert' order by created_at`
const openIncidents = () => ctx.owner`select reason from public.backup_incidents where closed_at is null`

beforeAll(async () => {
  ctx = await createTestContext({ BACKUP_KEEP_DAILY: '2', BACKUP_KEEP_WEEKLY: '1', BACKUP_KEEP_MONTHLY: '1', BACKUP_VERIFY_WEEKDAY: '0' })
  await createPersona(ctx, 'lawyer', { kind: 'staff', admin: true })
  await createPersona(ctx, 'clerk', { kind: 'staff' })
  // The portal was installed weeks before the test's first night.
  await ctx.owner`update portal_meta.migrations set applied_at = '2026-11-01T00:00:00Z'`
  bctx = await backupContextFor(ctx)
  goodTarget = bctx.target
  ctx.setNow(at('2026-11-20T01:00:00Z'))
  // Last night's backup (Thursday 02:30 Berlin) succeeded.
  await ctx.owner`insert into public.backup_runs (kind, trigger, status, target, started_at, finished_at)
                  values ('backup', 'scheduled', 'succeeded', 'directory', '2026-11-19T01:30:00Z', '2026-11-19T01:31:00Z')`
  scheduler = startBackupScheduler(bctx, { intervalMs: 3600_000, link: LINK })
})
afterAll(async () => {
  await scheduler?.stop()
  await rm(goodTarget.where, { recursive: true, force: true })
  await ctx.close()
})

describe('backup scheduler', () => {
  it('does nothing before tonight’s time when last night’s backup succeeded', async () => {
    await scheduler.tick()
    expect(await runs()).toHaveLength(1)
    expect(await openIncidents()).toEqual([])
  })

  it('takes the backup once the time has passed, and verifies it on the first round of the week', async () => {
    ctx.setNow(at('2026-11-20T01:31:00Z'))
    await scheduler.tick()
    const all = await runs()
    expect(all.map((r) => [r.kind, r.trigger, r.status])).toEqual([
      ['backup', 'scheduled', 'succeeded'],
      ['backup', 'scheduled', 'succeeded'],
      ['verify', 'scheduled', 'succeeded'],
    ])
    expect(await bctx.target.list()).toEqual([all[1]!.backup_name])
  })

  it('takes no second backup the same night and no second verification the same week', async () => {
    ctx.setNow(at('2026-11-20T07:00:00Z'))
    await scheduler.tick()
    ctx.setNow(at('2026-11-21T00:00:00Z'))
    await scheduler.tick()
    expect(await runs()).toHaveLength(3)
  })

  it('leaves the night to the instance holding the backup lock', async () => {
    const other = postgres(bctx.ownerUrl, { max: 1, onnotice: () => {} })
    const conn = await other.reserve()
    await conn`select pg_advisory_lock(hashtext('mandantenportal:backup'))`
    ctx.setNow(at('2026-11-21T01:31:00Z'))
    await scheduler.tick()
    expect(await runs()).toHaveLength(3)
    await conn`select pg_advisory_unlock(hashtext('mandantenportal:backup'))`
    conn.release()
    await other.end()
    await scheduler.tick()
    expect((await runs()).filter((r) => r.kind === 'backup')).toHaveLength(3)
  })

  it('a failed backup opens one incident and mails each admin once, however often it is checked', async () => {
    bctx.target = { ...goodTarget, begin: async () => { throw new Error('disk full') } }
    // Sunday: the weekly verification of the latest (good) backup runs as well.
    ctx.setNow(at('2026-11-22T01:31:00Z'))
    await scheduler.tick()
    const failed = (await runs()).filter((r) => r.kind === 'backup').at(-1)!
    expect([failed.status, failed.trigger]).toEqual(['failed', 'scheduled'])
    for (const minute of [32, 33, 34]) {
      ctx.setNow(at(`2026-11-22T01:${minute}:00Z`))
      await scheduler.tick()
    }
    expect(await openIncidents()).toEqual([{ reason: 'failed' }])
    const mails = await alertMails()
    expect(mails).toEqual([{ to_address: 'lawyer@example.test', locale: 'de', params: { name: 'lawyer', reason: 'failed', link: LINK } }])
    const [{ error }] = await ctx.owner`select error from public.backup_runs where status = 'failed'`
    expect(error).toBe('disk full')
  })

  it('the next successful backup closes the incident; backups missing for 26 hours open a new one', async () => {
    bctx.target = goodTarget
    ctx.setNow(at('2026-11-23T01:31:00Z'))
    await scheduler.tick()
    expect(await openIncidents()).toEqual([])
    const [{ last }] = await ctx.owner`select max(finished_at) as last from public.backup_runs where kind = 'backup' and status = 'succeeded'`
    // No backup for 26 hours and one minute (a server that was off): one incident, one more mail.
    const late = new Date(last.getTime() + 26 * 3600_000 + 60_000)
    expect(await checkBackupHealth(bctx.owner, late, LINK)).toBe('missing')
    expect(await checkBackupHealth(bctx.owner, new Date(late.getTime() + 60_000), LINK)).toBe('missing')
    expect(await openIncidents()).toEqual([{ reason: 'missing' }])
    expect((await alertMails()).map((m) => m.params.reason)).toEqual(['failed', 'missing'])
  })

  it('keeps backups by the retention scheme and records what it removed', async () => {
    for (const day of [24, 25, 26]) {
      ctx.setNow(at(`2026-11-${day}T01:31:00Z`))
      await scheduler.tick()
    }
    expect(await openIncidents()).toEqual([])
    const backups = (await runs()).filter((r) => r.kind === 'backup' && r.status === 'succeeded' && r.backup_name)
    const names = backups.map((r) => r.backup_name as string)
    // Two daily (26th, 25th), one weekly (the newest of week 48), one monthly (the newest of November).
    expect(await bctx.target.list()).toEqual(names.slice(-2))
    expect(backups.filter((r) => r.pruned_at).map((r) => r.backup_name)).toEqual(names.slice(0, -2))
  })
})
