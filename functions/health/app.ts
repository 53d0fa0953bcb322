import { createFunctionApp } from '../_shared/app.ts'
import { checkHealth } from './service/check-health.ts'

/** GET /functions/v1/health: is the database reachable, and are all migrations applied? */
export const app = createFunctionApp('health').get('/', async (c) => {
  const report = await checkHealth(c.get('rt'))
  return c.json(report, report.status === 'ok' ? 200 : 503)
})

export type HealthApp = typeof app
