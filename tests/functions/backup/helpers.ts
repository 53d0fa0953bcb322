import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, readdir, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import { inject } from 'vitest'
import type { BackupContext } from '../../../functions/_shared/backup/jobs.ts'
import { directoryTarget, type BackupTarget } from '../../../functions/_shared/backup/target.ts'
import { NOT_BACKED_UP } from '../../../functions/_shared/backup/create-backup.ts'
import { withDatabase } from '../../setup/database-template.ts'
import type { TestContext } from '../../helpers/context.ts'

/** A backup context for a test file's database: its own owner pool, a directory target, a fixed key. */
export async function backupContextFor(ctx: TestContext, options: { target?: BackupTarget; key?: Buffer } = {}): Promise<BackupContext> {
  const ownerUrl = withDatabase(inject('database').ownerUrl, ctx.name)
  return {
    config: ctx.runtime.config,
    owner: postgres(ownerUrl, { max: 4, onnotice: () => {} }),
    ownerUrl,
    blobs: ctx.runtime.blobs,
    fileMasterKey: ctx.runtime.secrets.fileMasterKey,
    key: { key: options.key ?? randomBytes(32), source: 'test' },
    target: options.target ?? directoryTarget(await mkdtemp(path.join(tmpdir(), 'portal-backups-'))),
    now: ctx.runtime.now,
  }
}

/** A new, empty database on the test server; returns its owner URL and a dropper. */
export async function emptyDatabase(label: string): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const server = inject('database').ownerUrl
  const name = `t_restore_${label}_${randomBytes(4).toString('hex')}`
  const admin = postgres(server, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  await admin.end()
  return {
    name,
    url: withDatabase(server, name),
    async drop() {
      const sql = postgres(server, { max: 1, onnotice: () => {} })
      await sql.unsafe(`drop database if exists ${name} with (force)`)
      await sql.end()
    },
  }
}

/** The application's login role on another database of the test server. */
export function appUrlFor(database: string): string {
  const u = new URL(withDatabase(inject('database').ownerUrl, database))
  u.username = 'authenticator'
  u.password = inject('database').appPassword
  return u.toString()
}

/** A checksum of every row of every backed-up table (md5 of the rows' text, sorted). */
export async function tableChecksums(sql: postgres.Sql): Promise<Record<string, { rows: number; md5: string }>> {
  const tables = await sql`select n.nspname || '.' || c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
                           where n.nspname in ('public', 'private') and c.relkind = 'r' and not (n.nspname || '.' || c.relname = any(${NOT_BACKED_UP}))
                           order by 1`
  const out: Record<string, { rows: number; md5: string }> = {}
  for (const { name } of tables) {
    const [row] = await sql.unsafe(`select count(*)::int as rows, coalesce(md5(string_agg(t::text, E'\\n' order by t::text)), '') as md5 from ${name} t`)
    out[name] = { rows: row!.rows, md5: row!.md5 }
  }
  return out
}

/** SHA-256 of every file in a local blob store directory (name → hash). */
export async function blobChecksums(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const sub of await readdir(dir).catch(() => [] as string[])) {
    for (const file of await readdir(path.join(dir, sub)).catch(() => [] as string[])) {
      out[file] = createHash('sha256').update(await readFile(path.join(dir, sub, file))).digest('hex')
    }
  }
  return out
}
