import { mkdtemp, rm } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localDiskStore } from '../../../functions/_shared/blob/store.ts'
import { runBackupJob, runVerifyJob, type BackupContext } from '../../../functions/_shared/backup/jobs.ts'
import { restoreBackup } from '../../../functions/_shared/backup/restore-backup.ts'
import { backupS3OptionsFrom, backupTargetFor, s3Target } from '../../../functions/_shared/backup/target.ts'
import { loadConfig } from '../../../functions/_shared/config.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { buildDocumentFixture } from '../../helpers/document-fixture.ts'
import { backupContextFor, blobChecksums, emptyDatabase, tableChecksums } from './helpers.ts'

/**
 * Backups to an S3-compatible bucket (s3rver on loopback, as the blob store's S3 tests): the
 * target chosen from BACKUP_S3_*, a backup, its verification, a restore from the bucket, and a
 * partial backup (objects without a manifest) that is not listed and is removed by the next run.
 */
type S3rverInstance = { run(): Promise<AddressInfo>; close(): Promise<void> }
const S3rver = createRequire(import.meta.url)('s3rver') as new (options: Record<string, unknown>) => S3rverInstance
const BUCKET = 'kanzlei-backups'

let s3dir: string
let s3rver: S3rverInstance
let ctx: TestContext
let bctx: BackupContext
let env: Record<string, string>

beforeAll(async () => {
  s3dir = await mkdtemp(path.join(tmpdir(), 's3rver-backup-'))
  s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3dir, configureBuckets: [{ name: BUCKET, configs: [] }] })
  const { port } = await s3rver.run()
  env = {
    BACKUP_S3_ENDPOINT: `http://127.0.0.1:${port}`,
    BACKUP_S3_BUCKET: BUCKET,
    BACKUP_S3_ACCESS_KEY_ID: 'S3RVER',
    BACKUP_S3_SECRET_ACCESS_KEY: 'S3RVER',
    BACKUP_S3_PREFIX: 'portal/',
  }
  ctx = await createTestContext(env)
  await buildDocumentFixture(ctx)
  bctx = await backupContextFor(ctx, { target: await backupTargetFor(ctx.runtime.config) })
})
afterAll(async () => {
  await bctx?.owner.end()
  await ctx?.close()
  await s3rver?.close()
  await rm(s3dir, { recursive: true, force: true })
})

describe('backups in an S3-compatible bucket', () => {
  it('is the target when BACKUP_S3_* are set, and the configuration wants all four', () => {
    expect(bctx.target.kind).toBe('s3')
    expect(bctx.target.where).toBe(`s3://${BUCKET}/portal/`)
    expect(() => loadConfig({ BACKUP_S3_ENDPOINT: env.BACKUP_S3_ENDPOINT! })).toThrow(/BACKUP_S3_BUCKET/)
  })

  it('writes, verifies and restores a backup from the bucket; a partial one is never listed and is removed', async () => {
    // A backup cut off before its manifest (a crash): objects under a name, no manifest.
    const partial = await (await s3Target(backupS3OptionsFrom(ctx.runtime.config))).begin('20261101T013000Z-dead')
    await partial.put('t1-public.accounts', Readable.from([Buffer.from('half')]))
    expect(await bctx.target.list()).toEqual([])
    expect(await bctx.target.listPartial()).toEqual(['20261101T013000Z-dead'])

    const { name } = await runBackupJob(bctx, 'manual')
    expect(await bctx.target.list()).toEqual([name])
    expect(await bctx.target.listPartial()).toEqual([])
    const verified = await runVerifyJob(bctx, 'manual')
    expect(verified).toMatchObject({ name, files: 14 })

    const db = await emptyDatabase('s3')
    const dir = await mkdtemp(path.join(tmpdir(), 'portal-s3-restored-'))
    try {
      await restoreBackup({ target: bctx.target, name, key: bctx.key!.key, ownerUrl: db.url, blobs: localDiskStore(dir), fileMasterKey: bctx.fileMasterKey })
      const sql = postgres(db.url, { max: 1, onnotice: () => {} })
      expect(await tableChecksums(sql)).toEqual(await tableChecksums(ctx.owner))
      await sql.end()
      expect(await blobChecksums(dir)).toEqual(await blobChecksums(path.join(ctx.dataDir, 'blobs')))
    } finally {
      await db.drop()
      await rm(dir, { recursive: true, force: true })
    }
    await bctx.target.remove(name)
    expect(await bctx.target.list()).toEqual([])
  }, 180_000)
})
