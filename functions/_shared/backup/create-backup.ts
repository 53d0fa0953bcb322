import type { Readable } from 'node:stream'
import type postgres from 'postgres'
import type { BlobStore } from '../blob/store.ts'
import { log } from '../log.ts'
import { signManifest, type BlobEntry, type Manifest, type PartEntry, type SequenceEntry, type TableEntry } from './manifest.ts'
import { keyFingerprint } from './part-cipher.ts'
import { meter, putEncrypted } from './streams.ts'
import { newBackupName, type BackupTarget, type BackupWriter } from './target.ts'

/** The schemas a backup holds (portal_meta, the migration record, is rebuilt by the restore). */
export const BACKED_UP_SCHEMAS = ['public', 'private']
/** Tables that describe this installation's backups, not the firm's data: not backed up. */
export const NOT_BACKED_UP = ['public.backup_runs', 'public.backup_incidents']

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`
export const tableIdent = (t: { schema: string; name: string }) => `${quoteIdent(t.schema)}.${quoteIdent(t.name)}`

export type BackupSources = {
  /** The owner credential (it reads every table, private ones included). */
  owner: postgres.Sql
  blobs: BlobStore
  /** Only its fingerprint is recorded, so a restore can say which master key the files need. */
  fileMasterKey: Buffer
}

export type BackupResult = { name: string; manifest: Manifest; bytes: number }

class BlobMissing extends Error {}

type Snapshot = Pick<Manifest, 'createdAt' | 'postgres' | 'migrations' | 'tables' | 'sequences'> & {
  parts: Record<string, PartEntry>
  referenced: string[]
}

/**
 * Writes one consistent backup of the database and the blob store, encrypted with the backup key,
 * and returns its name. Nothing is listed as a backup until the manifest is written; on any
 * failure what was written is removed and the error is thrown.
 *
 * Consistency: all tables are read in ONE repeatable-read, read-only transaction (one snapshot),
 * which also lists every blob the snapshot's rows reference. Blobs are immutable and written
 * before the row that references them commits, so each referenced blob exists at the snapshot;
 * it is removed only after its row is deleted. The blobs are copied after the snapshot: if one
 * is already gone (its row was deleted meanwhile), the snapshot is taken again (the blobs copied
 * so far are kept) until every referenced blob was copied. The backup holds exactly the
 * referenced blobs: no row without its blob, no blob without its row.
 */
export async function createBackup(src: BackupSources, target: BackupTarget, key: Buffer, options: { now?: () => Date; attempts?: number } = {}): Promise<BackupResult> {
  const name = newBackupName((options.now ?? (() => new Date()))())
  const writer = await target.begin(name)
  try {
    const copied = new Map<string, BlobEntry & { entry: PartEntry }>()
    let snapshot: Snapshot | undefined
    for (let attempt = 1; attempt <= (options.attempts ?? 5) && !snapshot; attempt++) {
      const taken = await exportSnapshot(src.owner, writer, key, attempt)
      const missing: string[] = []
      for (const blob of taken.referenced) {
        if (copied.has(blob)) continue
        try {
          copied.set(blob, await copyBlob(src.blobs, writer, key, blob))
        } catch (err) {
          if (!(err instanceof BlobMissing)) throw err
          missing.push(blob)
        }
      }
      if (!missing.length) snapshot = taken
      else {
        log.info('backup: blobs deleted after the snapshot; taking it again', { backup: name, attempt, missing: missing.length })
        for (const part of Object.keys(taken.parts)) await writer.drop(part)
        if (attempt === (options.attempts ?? 5))
          throw new Error(`The blob store lacks ${missing.length} file(s) the database references (e.g. ${missing[0]}): backup not possible. Check the blob store.`)
      }
    }
    const referenced = new Set(snapshot!.referenced)
    const parts = { ...snapshot!.parts }
    const blobs: BlobEntry[] = []
    for (const [blob, copy] of copied) {
      if (!referenced.has(blob)) {
        await writer.drop(copy.part)
        continue
      }
      blobs.push({ name: copy.name, size: copy.size, sha256: copy.sha256, part: copy.part })
      parts[copy.part] = copy.entry
    }
    blobs.sort((a, b) => a.name.localeCompare(b.name))
    const manifest: Manifest = {
      format: 'mandantenportal-backup',
      version: 1,
      name,
      createdAt: snapshot!.createdAt,
      postgres: snapshot!.postgres,
      migrations: snapshot!.migrations,
      tables: snapshot!.tables,
      sequences: snapshot!.sequences,
      blobs,
      parts,
      backupKey: keyFingerprint(key, 'backup'),
      fileMasterKey: keyFingerprint(src.fileMasterKey, 'file-master'),
    }
    await writer.commit(signManifest(key, manifest))
    const bytes = Object.values(parts).reduce((sum, p) => sum + p.size, 0)
    return { name, manifest, bytes }
  } catch (err) {
    await writer.abort().catch((abortErr) => log.warn('backup: removing the partial backup failed', { backup: name, error: abortErr }))
    throw err
  }
}

/** Every table, sequence and referenced blob name of one snapshot; the tables' rows go to parts. */
async function exportSnapshot(owner: postgres.Sql, writer: BackupWriter, key: Buffer, attempt: number): Promise<Snapshot> {
  return (await owner.begin('isolation level repeatable read read only', async (tx) => {
    const [{ at, version }] = (await tx`select clock_timestamp() as at, current_setting('server_version') as version`) as unknown as [{ at: Date; version: string }]
    const migrations = (await tx`select name, checksum from portal_meta.migrations order by name`).map((r) => ({ name: r.name as string, checksum: r.checksum as string }))
    const rels = await tx`
      select n.nspname as schema, c.relname as name, c.relkind as kind,
             array(select a.attname::text from pg_attribute a
                   where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
                   order by a.attnum) as columns
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = any(${BACKED_UP_SCHEMAS}) and c.relkind in ('r', 'S')
        and not (n.nspname || '.' || c.relname = any(${NOT_BACKED_UP}))
      order by 1, 2`
    const tables: TableEntry[] = []
    const sequences: SequenceEntry[] = []
    const parts: Record<string, PartEntry> = {}
    for (const rel of rels) {
      const ident = tableIdent(rel as { schema: string; name: string })
      if (rel.kind === 'S') {
        const [s] = await tx.unsafe(`select last_value::text as value, is_called from ${ident}`)
        sequences.push({ schema: rel.schema, name: rel.name, value: s!.value, isCalled: s!.is_called })
        continue
      }
      const [{ count }] = (await tx.unsafe(`select count(*)::bigint as count from ${ident}`)) as unknown as [{ count: string }]
      const part = `t${attempt}-${rel.schema}.${rel.name}`
      const columns = rel.columns as string[]
      const copy = (await tx.unsafe(`copy ${ident} (${columns.map(quoteIdent).join(', ')}) to stdout`).readable()) as Readable
      parts[part] = await putEncrypted(writer, part, copy, key)
      // postgres.js pauses the socket when the COPY stream's buffer is full and resumes it only
      // from the stream's read(); when that happened on the last rows, nothing resumes it after
      // the end and the next query's answer is never read (a hang). Resume it explicitly.
      ;(copy as unknown as { _read?: (n: number) => void })._read?.(0)
      tables.push({ schema: rel.schema, name: rel.name, columns, rows: Number(count), part })
    }
    return { createdAt: at.toISOString(), postgres: version, migrations, tables, sequences, parts, referenced: await referencedBlobs(tx) }
  })) as Snapshot
}

/**
 * Blob names the rows reference: every uuid column named blob_name (or *_blob_name) in the
 * backed-up schemas, except the deletion queue (its blobs' rows are gone) and the notes of blobs
 * being written (private.pending_blobs: a blob whose version row is not in the snapshot is not
 * part of it; the restored note only lets the sweeper find nothing). New tables that keep blobs
 * follow that naming and are covered without a change here.
 */
export async function referencedBlobs(tx: postgres.Sql | postgres.TransactionSql): Promise<string[]> {
  const columns = await tx`
    select table_schema as schema, table_name as name, column_name as column from information_schema.columns
    where table_schema = any(${BACKED_UP_SCHEMAS}) and data_type = 'uuid'
      and (column_name = 'blob_name' or column_name like '%\\_blob\\_name')
      and not (table_schema = 'private' and table_name in ('blob_deletions', 'pending_blobs'))
      and not (table_schema || '.' || table_name = any(${NOT_BACKED_UP}))`
  const names = new Set<string>()
  for (const c of columns) {
    const rows = await tx.unsafe(`select distinct ${quoteIdent(c.column)}::text as blob from ${tableIdent(c as { schema: string; name: string })} where ${quoteIdent(c.column)} is not null`)
    for (const r of rows) names.add(r.blob as string)
  }
  return [...names].sort()
}

/** Copies one blob (its stored ciphertext, as it is) into the backup, encrypted again with the backup key. */
async function copyBlob(blobs: BlobStore, writer: BackupWriter, key: Buffer, name: string): Promise<BlobEntry & { entry: PartEntry }> {
  if ((await blobs.size(name)) === undefined) throw new BlobMissing(name)
  const part = `blob-${name}`
  const plain = meter()
  let body: Readable
  try {
    body = await blobs.get(name)
  } catch {
    throw new BlobMissing(name)
  }
  try {
    const entry = await putEncrypted(writer, part, body, key, [plain.stream])
    return { name, ...plain.result(), part, entry }
  } catch (err) {
    await writer.drop(part).catch(() => {})
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as { name?: string }).name === 'NoSuchKey') throw new BlobMissing(name)
    throw err
  }
}
