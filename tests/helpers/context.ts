import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import { inject } from 'vitest'
import { blobStoreFor } from '../../functions/_shared/blob/from-config.ts'
import { localDiskStore } from '../../functions/_shared/blob/store.ts'
import { loadConfig, usesS3 } from '../../functions/_shared/config.ts'
import { createDb, type Db } from '../../functions/_shared/db.ts'
import { configureLog } from '../../functions/_shared/log.ts'
import { setRuntime, type Runtime } from '../../functions/_shared/runtime.ts'
import { withDatabase } from '../setup/database-template.ts'

export type TestContext = {
  /** The cloned database's name, unique to this test file. */
  name: string
  /** Superuser connection to this file's database, for arranging data and SQL assertions. */
  owner: postgres.Sql
  /** The application's pool (login role authenticator), as the server uses it. */
  db: Db
  appUrl: string
  runtime: Runtime
  dataDir: string
  /** Fixes the injected clock at date (tests never sleep). */
  setNow(date: Date): void
  close(): Promise<void>
}

/**
 * Gives a test file its own database cloned from the migrated template, a runtime that uses it
 * and an injected clock. Call once in beforeAll; close() in afterAll drops everything.
 */
export async function createTestContext(env: Record<string, string> = {}): Promise<TestContext> {
  const target = inject('database')
  const name = `t_${target.template}_${randomBytes(4).toString('hex')}`
  const admin = postgres(target.ownerUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name} template ${target.template}`)
  await admin.end()
  const owner = postgres(withDatabase(target.ownerUrl, name), { max: 2, onnotice: () => {} })
  const app = new URL(withDatabase(target.ownerUrl, name))
  app.username = 'authenticator'
  app.password = target.appPassword
  const db = createDb(app.toString(), { max: 4 })
  const dataDir = await mkdtemp(path.join(tmpdir(), 'portal-ctx-'))
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env })
  configureLog({ level: 'warn' })
  // Real time until a test moves the clock.
  let fixed: Date | undefined
  const runtime: Runtime = {
    config,
    db,
    secrets: { sessionPepper: randomBytes(32), fileMasterKey: randomBytes(32) },
    // S3_* variables in env select the S3-compatible store, as at the portal's start.
    blobs: usesS3(config) ? await blobStoreFor(config) : localDiskStore(path.join(dataDir, 'blobs')),
    now: () => fixed ?? new Date(),
    startedAt: new Date(),
  }
  setRuntime(runtime)
  return {
    name,
    owner,
    db,
    appUrl: app.toString(),
    runtime,
    dataDir,
    setNow(date) {
      fixed = date
    },
    async close() {
      await db.end()
      await owner.end()
      const drop = postgres(target.ownerUrl, { max: 1, onnotice: () => {} })
      await drop.unsafe(`drop database if exists ${name} with (force)`)
      await drop.end()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}
