import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { PassThrough, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import postgres from 'postgres'
import type { BlobStore } from '../blob/store.ts'
import { migrate } from '../migrate.ts'
import { MIGRATIONS_DIR } from '../paths.ts'
import { BACKED_UP_SCHEMAS, quoteIdent, tableIdent } from './create-backup.ts'
import { openManifest, type Manifest, type TableEntry } from './manifest.ts'
import { BackupIntegrityError, keyFingerprint } from './part-cipher.ts'
import { meter, readDecrypted } from './streams.ts'
import type { BackupTarget } from './target.ts'

/** Thrown when a restore would overwrite data (without --force) or the backup does not fit here. */
export class RestoreRefusedError extends Error {}

/**
 * Reads a backup's manifest and checks it (MAC, backup key) and every part it lists (present,
 * size and SHA-256 of the encrypted bytes), without decrypting. Throws BackupIntegrityError with
 * a sentence naming what is wrong: a truncated or changed backup is refused before anything is
 * written anywhere.
 */
export async function checkBackup(target: BackupTarget, name: string, key: Buffer): Promise<Manifest> {
  const text = await target.readManifest(name)
  if (text === undefined) throw new BackupIntegrityError(`Backup ${name} is incomplete (it has no manifest) or does not exist in ${target.where}.`)
  const manifest = openManifest(key, text, name)
  for (const [part, expected] of Object.entries(manifest.parts)) {
    const hash = createHash('sha256')
    let size = 0
    let raw: Readable
    try {
      raw = await target.read(name, part)
    } catch {
      throw new BackupIntegrityError(`Backup ${name} lacks its part ${part}: the backup is incomplete or was changed.`)
    }
    for await (const chunk of raw) {
      hash.update(chunk as Buffer)
      size += (chunk as Buffer).length
    }
    if (size !== expected.size)
      throw new BackupIntegrityError(`Backup part ${part} of ${name} has ${size} bytes instead of ${expected.size}: the backup is truncated or was changed.`)
    if (hash.digest('hex') !== expected.sha256)
      throw new BackupIntegrityError(`Backup part ${part} of ${name} does not match its checksum: the backup is damaged or was changed.`)
  }
  return manifest
}

/** Does the database hold a portal already (any table in its schemas, or an applied migration)? */
export async function databaseIsEmpty(ownerUrl: string): Promise<boolean> {
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} })
  try {
    const [row] = await sql`select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
                            where n.nspname = any(${[...BACKED_UP_SCHEMAS, 'portal_meta']}) and c.relkind in ('r', 'p', 'v', 'S')`
    return row!.n === 0
  } finally {
    await sql.end({ timeout: 5 })
  }
}

/** Removes the portal's schemas (restore --force): public, private, portal_meta with everything in them. */
async function wipeDatabase(ownerUrl: string) {
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} })
  try {
    await sql.begin(async (tx) => {
      await tx.unsafe('drop schema if exists private cascade; drop schema if exists portal_meta cascade; drop schema if exists public cascade')
      await tx.unsafe('create schema public; grant usage on schema public to public')
    })
  } finally {
    await sql.end({ timeout: 5 })
  }
}

/** The migrations on disk must start with exactly the backup's (same names, same checksums). */
async function checkMigrations(manifest: Manifest) {
  const names = (await readdir(MIGRATIONS_DIR)).filter((n) => n.endsWith('.sql')).sort()
  for (const [i, m] of manifest.migrations.entries()) {
    const text = names[i] === m.name ? await readFile(path.join(MIGRATIONS_DIR, m.name), 'utf8') : undefined
    if (text === undefined || createHash('sha256').update(text).digest('hex') !== m.checksum)
      throw new RestoreRefusedError(
        `Backup ${manifest.name} was taken by another version of the portal (migration ${m.name} ${text === undefined ? 'is not in supabase/migrations here' : 'differs here'}). Restore it with the portal version it was made with, then upgrade.`,
      )
  }
}

/** A foreign key dropped while loading (it is part of a cycle) and added again afterwards. */
type DeferredKey = { table: string; name: string; definition: string }

/**
 * Tables in an order where every table comes after the tables its foreign keys point to. Where
 * foreign keys form a cycle (documents ↔ requests), those keys are returned as deferred: the
 * load drops them and adds them again afterwards, which checks every row once more.
 */
export async function loadOrder(tx: postgres.TransactionSql, tables: TableEntry[]): Promise<{ ordered: TableEntry[]; deferred: DeferredKey[] }> {
  const key = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`
  const edges = (await tx`
    select cn.nspname || '.' || c.relname as child, pn.nspname || '.' || p.relname as parent,
           k.conname as name, pg_get_constraintdef(k.oid) as definition, cn.nspname as schema, c.relname as relname
    from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace cn on cn.oid = c.relnamespace
    join pg_class p on p.oid = k.confrelid join pg_namespace pn on pn.oid = p.relnamespace
    where k.contype = 'f' and k.conrelid <> k.confrelid`) as unknown as { child: string; parent: string; name: string; definition: string; schema: string; relname: string }[]
  const byKey = new Map(tables.map((t) => [key(t), t]))
  let live = edges.filter((e) => byKey.has(e.child) && byKey.has(e.parent))
  const deferred: DeferredKey[] = []
  const ordered: TableEntry[] = []
  const done = new Set<string>()
  while (ordered.length < tables.length) {
    const ready = tables.filter((t) => !done.has(key(t)) && live.every((e) => e.child !== key(t) || done.has(e.parent)))
    if (!ready.length) {
      // A cycle: the keys among the tables left are set aside until the rows are in.
      const cyclic = live.filter((e) => !done.has(e.child) && !done.has(e.parent))
      for (const e of cyclic) deferred.push({ table: tableIdent({ schema: e.schema, name: e.relname }), name: e.name, definition: e.definition })
      live = live.filter((e) => !cyclic.includes(e))
      continue
    }
    for (const t of ready) {
      ordered.push(t)
      done.add(key(t))
    }
  }
  return { ordered, deferred }
}

export type RestoreOptions = {
  target: BackupTarget
  name: string
  key: Buffer
  /** Owner credential of the database to restore into. */
  ownerUrl: string
  blobs: BlobStore
  /** The file master key this portal will run with: it must be the backup's. */
  fileMasterKey: Buffer
  force?: boolean
  /** Checks and loads, but writes no blobs (verify: the blobs are checked by hash instead). */
  skipBlobs?: boolean
}

/**
 * Restores a backup: checks it completely, refuses a non-empty database (unless force, which
 * wipes the portal's schemas), applies the backup's migrations to the empty database, writes the
 * blobs, loads every table in ONE transaction (foreign-key order, user triggers off while
 * loading, sequences set), then applies any newer migrations and the policies — so roles, grants
 * and row-level security come from the code, exactly as at a normal start. Throws
 * BackupIntegrityError or RestoreRefusedError with a sentence for the operator.
 */
export async function restoreBackup(options: RestoreOptions): Promise<Manifest> {
  const manifest = await checkBackup(options.target, options.name, options.key)
  if (manifest.fileMasterKey !== keyFingerprint(options.fileMasterKey, 'file-master'))
    throw new RestoreRefusedError(
      `The file master key configured here is not the one backup ${manifest.name} was made with (fingerprint ${manifest.fileMasterKey}, here ${keyFingerprint(options.fileMasterKey, 'file-master')}). Without it the files cannot be read: set FILE_MASTER_KEY or FILE_MASTER_KEY_FILE (embedded: DATA_DIR/secrets/file-master-key) to the saved key first.`,
    )
  await checkMigrations(manifest)
  if (!(await databaseIsEmpty(options.ownerUrl))) {
    if (!options.force)
      throw new RestoreRefusedError('The target database is not empty: it holds a portal already. Restore into an empty data directory or database, or pass --force to replace everything in it.')
    await wipeDatabase(options.ownerUrl)
  }
  const last = manifest.migrations.at(-1)?.name
  await migrate(options.ownerUrl, { upTo: last ?? '0', policies: false })
  if (!options.skipBlobs) {
    for (const blob of manifest.blobs) {
      const plain = await readDecrypted(options.target, manifest.name, blob.part, options.key)
      const check = meter()
      const body = new PassThrough({ highWaterMark: 1024 * 1024 })
      await Promise.all([pipeline(plain, check.stream, body), options.blobs.put(blob.name, body)])
      const got = check.result()
      if (got.size !== blob.size || got.sha256 !== blob.sha256) {
        await options.blobs.delete(blob.name)
        throw new BackupIntegrityError(`File ${blob.name} of backup ${manifest.name} does not match its checksum.`)
      }
    }
  }
  await loadTables(options, manifest)
  await migrate(options.ownerUrl)
  return manifest
}

/** Loads every table of the backup into the migrated, empty database in one transaction. */
async function loadTables(options: RestoreOptions, manifest: Manifest) {
  const sql = postgres(options.ownerUrl, { max: 1, onnotice: () => {} })
  try {
    await sql.begin(async (tx) => {
      const { ordered: tables, deferred } = await loadOrder(tx, manifest.tables)
      for (const k of deferred) await tx.unsafe(`alter table ${k.table} drop constraint ${quoteIdent(k.name)}`)
      // Rows the migrations seeded (default categories, …) make way for the backup's.
      if (tables.length) await tx.unsafe(`truncate ${tables.map(tableIdent).join(', ')}`)
      for (const table of tables) {
        const ident = tableIdent(table)
        // The backup's rows are stored as they were: no trigger may change or refuse them again
        // (append-only audit, guards, notifications). Foreign keys stay checked.
        await tx.unsafe(`alter table ${ident} disable trigger user`)
        const writable = await tx.unsafe(`copy ${ident} (${table.columns.map(quoteIdent).join(', ')}) from stdin`).writable()
        await pipeline(await readDecrypted(options.target, manifest.name, table.part, options.key), writable)
        await tx.unsafe(`alter table ${ident} enable trigger user`)
        const [{ count }] = (await tx.unsafe(`select count(*)::bigint as count from ${ident}`)) as unknown as [{ count: string }]
        if (Number(count) !== table.rows) throw new BackupIntegrityError(`Table ${table.schema}.${table.name} of backup ${manifest.name} restored ${count} rows instead of ${table.rows}.`)
      }
      for (const k of deferred) await tx.unsafe(`alter table ${k.table} add constraint ${quoteIdent(k.name)} ${k.definition}`)
      for (const s of manifest.sequences) {
        await tx`select setval(${`${quoteIdent(s.schema)}.${quoteIdent(s.name)}`}::regclass, ${s.value}::bigint, ${s.isCalled})`
      }
    })
  } finally {
    await sql.end({ timeout: 5 })
  }
}
