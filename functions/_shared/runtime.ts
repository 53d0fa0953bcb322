import type { BlobStore } from './blob/store.ts'
import type { Config } from './config.ts'
import type { Db } from './db.ts'
import type { Secrets } from './secrets.ts'

/** What every function needs at run time; set once by the server (or a test) before serving. */
export type Runtime = {
  config: Config
  db: Db
  secrets: Secrets
  /** Where encrypted file bodies live (local disk by default). */
  blobs: BlobStore
  /** The clock; tests inject one instead of sleeping. */
  now: () => Date
  /** Where the migrations stand, cached after start (health re-reads the database). */
  startedAt: Date
}

let current: Runtime | undefined

export function setRuntime(runtime: Runtime): void {
  current = runtime
}

/** The runtime of this process. Throws when used before the server set it up. */
export function runtime(): Runtime {
  if (!current) throw new Error('runtime not initialised: call setRuntime() before serving requests')
  return current
}
