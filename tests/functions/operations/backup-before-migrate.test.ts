import { randomBytes } from 'node:crypto'
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { loadConfig } from '../../../functions/_shared/config.ts'
import { backupBeforeMigrate, PreMigrationBackupError } from '../../../functions/operations/service/backup-before-migrate.ts'
import { withDatabase } from '../../setup/database-template.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'

/** Upgrades: a backup of the current state before pending migrations, or no migration at all. */
let ctx: TestContext
let ownerUrl: string
let backupDir: string
const key = randomBytes(32).toString('hex')
beforeAll(async () => {
  ctx = await createTestContext()
  ownerUrl = withDatabase(inject('database').ownerUrl, ctx.name)
  backupDir = await mkdtemp(path.join(tmpdir(), 'portal-premigrate-'))
})
afterAll(async () => {
  await ctx.close()
  await rm(backupDir, { recursive: true, force: true })
})

const configWith = (env: Record<string, string>) => loadConfig({ DATA_DIR: ctx.dataDir, LOG_LEVEL: 'warn', ...env })

describe('backup before migrate', () => {
  it('does nothing when every migration is applied', async () => {
    expect(await backupBeforeMigrate(configWith({ BACKUP_DIR: backupDir, BACKUP_KEY: key }), ownerUrl, ctx.runtime.secrets)).toEqual({ backup: 'skipped', reason: 'nothing pending' })
    expect(await readdir(backupDir)).toEqual([])
  })

  it('writes a backup (and records the run) when the release brings a migration the database lacks', async () => {
    const [last] = await ctx.owner`delete from portal_meta.migrations where name = (select max(name) from portal_meta.migrations) returning name`
    const result = await backupBeforeMigrate(configWith({ BACKUP_DIR: backupDir, BACKUP_KEY: key }), ownerUrl, ctx.runtime.secrets)
    expect(result).toMatchObject({ backup: 'written', pending: [last!.name] })
    const name = (result as { name: string }).name
    expect((await stat(path.join(backupDir, name, 'manifest.json'))).isFile()).toBe(true)
    const [run] = await ctx.owner`select status, trigger, backup_name from public.backup_runs where backup_name = ${name}`
    expect(run).toMatchObject({ status: 'succeeded', trigger: 'manual' })
  })

  it('skips, with a warning, when an external database has no backup key', async () => {
    const external = configWith({ DATABASE_URL: ctx.appUrl, DATABASE_OWNER_URL: ownerUrl, BACKUP_DIR: backupDir })
    expect(await backupBeforeMigrate(external, ownerUrl, ctx.runtime.secrets)).toEqual({ backup: 'skipped', reason: 'no backup key' })
  })

  it('refuses (nothing is migrated) when the backup cannot be written', async () => {
    const notADirectory = path.join(backupDir, 'a-file')
    await writeFile(notADirectory, 'x')
    await expect(backupBeforeMigrate(configWith({ BACKUP_DIR: notADirectory, BACKUP_KEY: key }), ownerUrl, ctx.runtime.secrets)).rejects.toBeInstanceOf(PreMigrationBackupError)
  })
})
