import { SERVICE_ROLE_TRANSACTION, type Db, type Tx } from './db.ts'
import { log } from './log.ts'

/**
 * The named system operations that may act as service_role (bypassing row-level security).
 * Adding a name here is a security decision: say why in the caller, and tests/db/privileged
 * lists every module that imports this file.
 */
export type PrivilegedOperation =
  | 'first-run setup'
  | 'session resolution'
  | 'sign-in'
  | 'factor enrolment'
  | 'invitation redemption'
  | 'password reset'
  | 'password change'
  | 'outbox delivery'
  | 'health check'
  | 'request reminders'
  | 'blob cleanup'
  | 'upload cleanup'
  | 'share-link redemption'
  | 'guest session resolution'
  | 'guest session cleanup'
  | 'appointment reminders'
  | 'appointment answer sealing'
  | 'realtime delivery'
  | 'metrics collection'
  | 'retention notices'
  | 'throttle cleanup'

/** Runs fn in one transaction as service_role, for the named system operation only. */
export function asServiceRole<T>(db: Db, operation: PrivilegedOperation, fn: (tx: Tx) => Promise<T>): Promise<T> {
  log.debug('privileged transaction', { operation })
  return db[SERVICE_ROLE_TRANSACTION](fn)
}
