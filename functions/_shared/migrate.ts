import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import postgres from 'postgres'
import { BOOTSTRAP_FILE, MIGRATIONS_DIR, POLICIES_DIR } from './paths.ts'
import { log } from './log.ts'

/** Thrown when a migration that was applied before has changed on disk since. */
export class MigrationChangedError extends Error {
  constructor(readonly file: string) {
    super(`Migration ${file} was changed after it was applied. Landed migrations are never edited; add a new one.`)
  }
}

export type MigrationState = { applied: string[]; pending: string[] }

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

async function sqlFiles(dir: string): Promise<{ name: string; text: string }[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort()
  return Promise.all(names.map(async (name) => ({ name, text: await readFile(path.join(dir, name), 'utf8') })))
}

/**
 * Brings a database up to date with the owner credential: bootstrap (roles and auth helpers when
 * absent), every pending migration in its own transaction, then all policies in one transaction.
 * Throws MigrationChangedError, and applies nothing, when an applied file's checksum differs.
 */
export async function migrate(
  ownerUrl: string,
  // upTo and policies: false are for a restore, which loads a backup at the migration level it was
  // taken at (the remaining migrations and the policies follow in a second call).
  options: { bootstrap?: boolean; upTo?: string; policies?: boolean } = {},
): Promise<MigrationState> {
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 })
  try {
    // One migrator at a time, even with several portal instances starting together.
    await sql`select pg_advisory_lock(hashtext('mandantenportal:migrate'))`
    if (options.bootstrap !== false) await sql.unsafe(await readFile(BOOTSTRAP_FILE, 'utf8'))
    await sql.unsafe(`
      create schema if not exists portal_meta;
      revoke all on schema portal_meta from public;
      create table if not exists portal_meta.migrations (
        name text primary key, checksum text not null, applied_at timestamptz not null default now());
      alter table portal_meta.migrations enable row level security;
      alter table portal_meta.migrations force row level security;
      grant usage on schema portal_meta to service_role;
      grant select on portal_meta.migrations to service_role;`)
    const applied = new Map(
      (await sql<{ name: string; checksum: string }[]>`select name, checksum from portal_meta.migrations`).map((r) => [r.name, r.checksum]),
    )
    const files = await sqlFiles(MIGRATIONS_DIR)
    for (const file of files) {
      const known = applied.get(file.name)
      if (known && known !== sha256(file.text)) throw new MigrationChangedError(file.name)
    }
    const pending = files.filter((f) => !applied.has(f.name) && (!options.upTo || f.name <= options.upTo))
    for (const file of pending) {
      await sql.begin(async (tx) => {
        await tx.unsafe(file.text)
        await tx`insert into portal_meta.migrations (name, checksum) values (${file.name}, ${sha256(file.text)})`
      })
      log.info('migration applied', { migration: file.name })
    }
    const policies = options.policies === false ? [] : await sqlFiles(POLICIES_DIR)
    if (policies.length) await sql.begin(async (tx) => {
      for (const file of policies) await tx.unsafe(file.text)
    })
    const left = files.filter((f) => !applied.has(f.name) && !pending.includes(f)).map((f) => f.name)
    return { applied: files.map((f) => f.name).filter((n) => !left.includes(n)), pending: left }
  } finally {
    await sql.end({ timeout: 5 })
  }
}

/** Reads which migrations the database has and which files on disk it lacks (for /health). */
export async function migrationState(query: (names: string[]) => Promise<string[]>): Promise<MigrationState> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((n) => n.endsWith('.sql')).sort()
  const applied = new Set(await query(files))
  return { applied: files.filter((f) => applied.has(f)), pending: files.filter((f) => !applied.has(f)) }
}
