import { createFunctionApp } from '../_shared/app.ts'
import { factorsRoutes } from './routes/factors.ts'
import { sessionRoutes } from './routes/session.ts'
import { sessionsRoutes, signOutRoutes } from './routes/sessions.ts'
import { setupRoutes } from './routes/setup.ts'
import { signInRoutes } from './routes/sign-in.ts'

/** Accounts and sign-in: first-run setup, password + second factor, sessions, factor enrolment. */
export const app = createFunctionApp('auth', { maxBodyBytes: 16 * 1024 })
  .route('/setup', setupRoutes)
  .route('/sign-in', signInRoutes)
  .route('/sign-out', signOutRoutes)
  .route('/session', sessionRoutes)
  .route('/sessions', sessionsRoutes)
  .route('/factors', factorsRoutes)

export type AuthApp = typeof app
