import postgres from 'postgres'

/** A transaction handle; every query in it acts as the role and claims it was opened with. */
export type Tx = postgres.TransactionSql<Record<string, never>>

/** The identity of the caller as PostgreSQL sees it (Supabase's claim names). */
export type Claims = {
  role: 'authenticated' | 'anon'
  sub?: string
  aal?: 'aal1' | 'aal2'
  amr?: { method: string; timestamp: number }[]
  session_id?: string
  email?: string
  share_id?: string
}

/** Used by privileged.ts only; anything else must go through asUser. */
export const SERVICE_ROLE_TRANSACTION = Symbol('service-role-transaction')

export type Db = {
  /**
   * Runs fn in ONE transaction as the caller: SET LOCAL ROLE plus transaction-local
   * request.jwt.claims, so row-level security decides what exists. Nothing survives the commit.
   */
  asUser<T>(claims: Claims, fn: (tx: Tx) => Promise<T>): Promise<T>
  /** `select 1` for health checks; throws when the database is unreachable. */
  ping(): Promise<void>
  /** Closes the pool, waiting for running queries up to timeoutSeconds. */
  end(timeoutSeconds?: number): Promise<void>
  /** The raw pool for LISTEN and benchmarks' baseline only; it runs as the login role, which can read nothing. */
  readonly pool: postgres.Sql
  [SERVICE_ROLE_TRANSACTION]<T>(fn: (tx: Tx) => Promise<T>): Promise<T>
}

const ROLES = new Set(['authenticated', 'anon'])

/** Opens a pool for the application login role (authenticator). */
export function createDb(url: string, options: { max?: number } = {}): Db {
  const pool = postgres(url, {
    max: options.max ?? 10,
    idle_timeout: 60,
    connect_timeout: 10,
    onnotice: () => {},
    connection: { application_name: 'mandantenportal' },
  })

  async function inRole<T>(role: string, claims: object, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return (await pool.begin(async (tx) => {
      await tx`select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true),
                      set_config('role', ${role}, true)`
      return fn(tx as unknown as Tx)
    })) as T
  }

  return {
    pool,
    asUser(claims, fn) {
      if (!ROLES.has(claims.role)) throw new Error(`asUser: role ${String(claims.role)} is not allowed`)
      return inRole(claims.role, claims, fn)
    },
    async ping() {
      await pool`select 1`
    },
    end(timeoutSeconds = 5) {
      return pool.end({ timeout: timeoutSeconds })
    },
    [SERVICE_ROLE_TRANSACTION](fn) {
      return inRole('service_role', { role: 'service_role' }, fn)
    },
  }
}
