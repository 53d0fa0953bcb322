import postgres from 'postgres'
import type { Config } from './config.ts'

/**
 * The origin links in mails point to: PUBLIC_URL's, else the address the portal listens on
 * (HOST is a loopback address then — config refuses anything else without PUBLIC_URL — and PORT
 * the configured port, as `npm start` announces it: http://127.0.0.1:8080 by default).
 */
export function publicOriginFor(config: Config): string {
  if (config.PUBLIC_URL) return new URL(config.PUBLIC_URL).origin
  const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST
  return new URL(`http://${host}:${config.PORT}`).origin
}

/**
 * Stores the public origin in the database (private.public_origin), where the SQL functions that
 * mail links build them from: a caller names only the page's path, never the host. Runs at every
 * start with the owner credential (the API roles have no grant on the table), so a changed
 * PUBLIC_URL takes effect with the next start. Throws when the database refuses.
 */
export async function storePublicOrigin(ownerUrl: string, origin: string): Promise<void> {
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} })
  try {
    await writePublicOrigin(sql, origin)
  } finally {
    await sql.end()
  }
}

/** The one statement of storePublicOrigin, on a connection as the owner. */
export async function writePublicOrigin(sql: postgres.Sql, origin: string): Promise<void> {
  await sql`insert into private.public_origin (id, origin, updated_at) values (true, ${origin}, now())
            on conflict (id) do update set origin = excluded.origin, updated_at = excluded.updated_at
            where private.public_origin.origin is distinct from excluded.origin`
}
