import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { startEmbeddedPostgres } from '../../functions/_shared/embedded-postgres.ts'
import { configureLog } from '../../functions/_shared/log.ts'
import { prepareTemplate } from './database-template.ts'

/** Starts one embedded PostgreSQL 17 for the whole run and a migrated template database in it. */
export default async function setup(project: TestProject) {
  configureLog({ level: 'warn' })
  const dataDir = await mkdtemp(path.join(tmpdir(), 'portal-test-'))
  const pg = await startEmbeddedPostgres(dataDir)
  const { target, drop } = await prepareTemplate('embedded', pg.ownerUrl)
  project.provide('database', target)
  return async () => {
    await drop().catch(() => {})
    await pg.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
}
