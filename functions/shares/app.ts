import { createFunctionApp } from '../_shared/app.ts'
import { guestRoutes } from './routes/guest.ts'
import { manageRoutes } from './routes/manage.ts'

/**
 * Shares: download links for third parties. Signed-in people create, list and revoke links; a
 * guest redeems one (password, e-mail code) into a session scoped to that share and reads exactly
 * the shared documents while the link is valid — decided by the anon policies in 05-shares.sql.
 */
export const app = createFunctionApp('shares', { maxBodyBytes: 16 * 1024 })
  .route('/guest', guestRoutes)
  .route('/', manageRoutes)

export type SharesApp = typeof app
