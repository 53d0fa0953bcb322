import { createFunctionApp } from '../_shared/app.ts'
import { sessionRoutes } from './routes/session.ts'
import { setupRoutes } from './routes/setup.ts'

/** Accounts and sign-in: first-run setup and the current session (sign-in follows in issue 3). */
export const app = createFunctionApp('auth', { maxBodyBytes: 16 * 1024 })
  .route('/setup', setupRoutes)
  .route('/session', sessionRoutes)

export type AuthApp = typeof app
