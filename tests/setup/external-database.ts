import type { TestProject } from 'vitest/node'
import { configureLog } from '../../functions/_shared/log.ts'
import { prepareTemplate } from './database-template.ts'

/**
 * Uses the server in TEST_DATABASE_URL (a superuser URL of a throw-away server, e.g. Debian's
 * PostgreSQL 15 in CI): bootstrap, migrate into a template, clone per file, drop at the end.
 */
export default async function setup(project: TestProject) {
  configureLog({ level: 'warn' })
  const { target, drop } = await prepareTemplate('external', process.env.TEST_DATABASE_URL!)
  project.provide('database', target)
  return drop
}
