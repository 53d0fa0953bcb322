import { createFunctionApp } from '../_shared/app.ts'
import { guestRoutes } from './routes/guest.ts'
import { manageRoutes } from './routes/manage.ts'

/**
 * Shares: download links for third parties. Signed-in people create, list and revoke links; a
 * guest redeems one (password, e-mail code) into a session scoped to that share and reads exactly
 * the shared documents while the link is valid — decided by the anon policies in 05-shares.sql.
 * Upload links (staff) let a guest upload into one client, project or request and see only its own uploads.
 */
export const app = createFunctionApp('shares', {
  // A guest's upload to an upload link: the raw file is the body (the size limit holds on the
  // stream), directly or resumably (tus); the firm's logo (an image, read up to its cap).
  rawBodyPaths: [/^\/functions\/v1\/shares\/guest\/uploads$/, /^\/functions\/v1\/shares\/guest\/tus(\/[0-9a-f-]{36})?$/, /^\/functions\/v1\/shares\/logo$/],
  maxBodyBytes: 16 * 1024,
})
  .route('/guest', guestRoutes)
  .route('/', manageRoutes)

export type SharesApp = typeof app
