import { Hono } from 'hono'
import { createFunctionApp } from '../_shared/app.ts'
import { requireSession, type AuthedEnv } from '../_shared/session.ts'
import { getBackupStatus } from './service/get-backup-status.ts'

/**
 * Backups as the portal shows them: GET /functions/v1/backup/status for the dashboard warning
 * (admins; others get an empty status). Backups themselves run in the server's scheduler and the
 * npm scripts (functions/_shared/backup).
 */
const statusRoutes = new Hono<AuthedEnv>()
  .use('*', requireSession())
  .get('/status', async (c) => c.json(await getBackupStatus(c.get('rt').db, c.get('session'))))

export const app = createFunctionApp('backup').route('/', statusRoutes)

export type BackupApp = typeof app
