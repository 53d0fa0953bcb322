import { createFunctionApp } from '../_shared/app.ts'
import { accountRoutes } from './routes/accounts.ts'
import { factorsRoutes } from './routes/factors.ts'
import { invitationRoutes } from './routes/invitations.ts'
import { passwordRoutes } from './routes/password.ts'
import { sessionRoutes } from './routes/session.ts'
import { sessionsRoutes, signOutRoutes } from './routes/sessions.ts'
import { setupRoutes } from './routes/setup.ts'
import { signInRoutes } from './routes/sign-in.ts'

/**
 * Accounts and sign-in: first-run setup, password + second factor, sessions, factors,
 * invitations, password reset and change, the staff user list and the firm's security settings.
 */
export const app = createFunctionApp('auth', { maxBodyBytes: 16 * 1024 })
  .route('/setup', setupRoutes)
  .route('/sign-in', signInRoutes)
  .route('/sign-out', signOutRoutes)
  .route('/session', sessionRoutes)
  .route('/sessions', sessionsRoutes)
  .route('/factors', factorsRoutes)
  .route('/invitations', invitationRoutes)
  .route('/password', passwordRoutes)
  .route('/', accountRoutes)

export type AuthApp = typeof app
