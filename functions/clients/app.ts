import { createFunctionApp } from '../_shared/app.ts'
import { clientRoutes } from './routes/clients.ts'
import { membershipRoutes } from './routes/memberships.ts'
import { groupRoutes, itemRoutes } from './routes/items.ts'
import { projectRoutes } from './routes/projects.ts'

/**
 * Clients and who may see what: clients, staff assignment, the client team (roles, rights,
 * expiry, delegation), projects with outside participants, items with their audience, info pages
 * and client groups. Every rule is a policy in policies/02-clients.sql.
 */
export const app = createFunctionApp('clients', { maxBodyBytes: 256 * 1024 })
  .route('/projects', projectRoutes)
  .route('/items', itemRoutes)
  .route('/groups', groupRoutes)
  .route('/memberships', membershipRoutes)
  .route('/', clientRoutes)

export type ClientsApp = typeof app
