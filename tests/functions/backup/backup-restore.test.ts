import { randomBytes } from 'node:crypto'
import { cp, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readEncryptedFile } from '../../../functions/_shared/blob/encrypted-file.ts'
import { localDiskStore } from '../../../functions/_shared/blob/store.ts'
import { createDb, type Db, type Tx } from '../../../functions/_shared/db.ts'
import { runBackupJob, type BackupContext } from '../../../functions/_shared/backup/jobs.ts'
import { BackupIntegrityError } from '../../../functions/_shared/backup/part-cipher.ts'
import { checkBackup, restoreBackup, RestoreRefusedError } from '../../../functions/_shared/backup/restore-backup.ts'
import { directoryTarget } from '../../../functions/_shared/backup/target.ts'
import { lastSuccessfulBackupAt } from '../../../functions/_shared/backup/runs.ts'
import { ITEMS, PEOPLE, type Person } from '../../helpers/access-fixture.ts'
import { ALLOWED, SEES_TEAM_A, VISIBLE_CLIENTS, VISIBLE_DOCUMENTS, VISIBLE_GROUPS, VISIBLE_ITEMS, VISIBLE_PROJECTS } from '../../helpers/access-matrix.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { buildDocumentFixture, DOC_PEOPLE, type DocPerson, type DocumentFixture } from '../../helpers/document-fixture.ts'
import { appUrlFor, backupContextFor, blobChecksums, emptyDatabase, tableChecksums } from './helpers.ts'

/**
 * Backup → wipe → restore: every row of every table and every file come back identical
 * (checksums), the files open with the master key, and the access matrix holds on the restored
 * database (roles, grants and RLS come from the migrations and policies). A truncated, changed or
 * foreign backup is refused with a sentence; a non-empty target is refused without --force.
 */
let ctx: TestContext
let f: DocumentFixture
let bctx: BackupContext
let backupName: string
let restored: { name: string; url: string; drop(): Promise<void> }
let restoredBlobs: string
let restoredDb: Db
let before: Awaited<ReturnType<typeof tableChecksums>>
let beforeBlobs: Record<string, string>

beforeAll(async () => {
  ctx = await createTestContext()
  f = await buildDocumentFixture(ctx)
  bctx = await backupContextFor(ctx)
  before = await tableChecksums(ctx.owner)
  beforeBlobs = await blobChecksums(path.join(ctx.dataDir, 'blobs'))
  backupName = (await runBackupJob(bctx, 'manual')).name
  // Wipe: the restore goes into a new, empty database and an empty blob directory.
  restored = await emptyDatabase('full')
  restoredBlobs = await mkdtemp(path.join(tmpdir(), 'portal-restored-blobs-'))
  await restoreBackup({ target: bctx.target, name: backupName, key: bctx.key!.key, ownerUrl: restored.url, blobs: localDiskStore(restoredBlobs), fileMasterKey: bctx.fileMasterKey })
  restoredDb = createDb(appUrlFor(restored.name), { max: 2 })
})
afterAll(async () => {
  await restoredDb?.end()
  await restored?.drop()
  await bctx?.owner.end()
  await rm(restoredBlobs, { recursive: true, force: true })
  await rm(bctx.target.where, { recursive: true, force: true })
  await ctx.close()
})

describe('backup, wipe, restore', () => {
  it('records the run and its time for the last-backup age', async () => {
    const [run] = await ctx.owner`select status, backup_name, tables, blobs from public.backup_runs where kind = 'backup'`
    expect(run).toMatchObject({ status: 'succeeded', backup_name: backupName, blobs: Object.keys(beforeBlobs).length })
    const at = await lastSuccessfulBackupAt(ctx.owner)
    expect(at).toBeInstanceOf(Date)
  })

  it('brings back every row of every table identically', async () => {
    const sql = postgres(restored.url, { max: 1, onnotice: () => {} })
    try {
      const after = await tableChecksums(sql)
      expect(Object.keys(before).length).toBeGreaterThan(30)
      expect(before['public.document_versions']!.rows).toBeGreaterThan(0)
      expect(after).toEqual(before)
      // The sequences continue after the restored rows.
      const [seq] = await sql`select nextval('public.audit_log_id_seq') > coalesce((select max(id) from public.audit_log), 0) as ahead`
      expect(seq!.ahead).toBe(true)
    } finally {
      await sql.end()
    }
  })

  it('brings back every file byte for byte, and each opens with the master key', async () => {
    const after = await blobChecksums(restoredBlobs)
    expect(Object.keys(beforeBlobs).length).toBeGreaterThan(10)
    expect(after).toEqual(beforeBlobs)
    const store = localDiskStore(restoredBlobs)
    const doc = f.documents.a_client
    const [v] = await ctx.owner`select blob_name::text as name, wrapped_key, size, sha256 from public.document_versions where item_id = ${doc} and version = 2`
    const plain = await readEncryptedFile(store, bctx.fileMasterKey, { blobName: v!.name, wrappedKey: v!.wrapped_key, size: Number(v!.size), sha256: v!.sha256 })
    const chunks: Buffer[] = []
    for await (const c of plain) chunks.push(c as Buffer)
    expect(Buffer.concat(chunks).equals(f.bodies.a_client[1])).toBe(true)
  })

  it('stores no plaintext: neither file bodies nor names are readable in the backup', async () => {
    const dir = path.join(bctx.target.where, backupName)
    const manifest = await readFile(path.join(dir, 'manifest.json'), 'utf8')
    expect(manifest).not.toContain('Gesellschaftsvertrag')
    const part = JSON.parse(manifest).tables.find((t: { name: string }) => t.name === 'items').part
    const bytes = await readFile(path.join(dir, part))
    expect(bytes.includes(Buffer.from('Gesellschaftsvertrag'))).toBe(false)
  })
})

describe('the access matrix on the restored database', () => {
  const as = <T>(person: DocPerson, fn: (tx: Tx) => Promise<T>) => restoredDb.asUser(f.people[person].claims, fn)
  const named = (ids: Record<string, string>, rows: readonly Record<string, unknown>[], column = 'id') =>
    rows.map((r) => Object.entries(ids).find(([, id]) => id === r[column])?.[0] ?? r[column]).sort()
  const ROLLBACK = Symbol('rollback')
  const ACTIONS: Record<string, (tx: Tx, who: Person) => Promise<readonly unknown[]>> = {
    'create client document': (tx, who) => tx`insert into public.items (kind, client_id, audience, title, created_by) values ('document', ${f.clients.a}, 'client', 'Neu', ${f.people[who].id}) returning id`,
    'create internal item': (tx, who) => tx`insert into public.items (kind, client_id, audience, title, created_by) values ('document', ${f.clients.a}, 'internal', 'Neu', ${f.people[who].id}) returning id`,
    'update item': (tx) => tx`update public.items set title = 'Geändert' where id = ${f.items.a_client_doc} returning id`,
    'delete item': (tx) => tx`delete from public.items where id = ${f.items.a_client_doc} returning id`,
    'invite member': (tx, who) => tx`insert into public.client_members (client_id, account_id, role, granted_by) values (${f.clients.a}, ${f.people.outsider.id}, 'member', ${f.people[who].id}) returning id`,
    'create project': (tx, who) => tx`insert into public.projects (client_id, name, created_by) values (${f.clients.a}, 'Neues Mandat', ${f.people[who].id}) returning id`,
  }
  async function attempt(person: Person, change: (tx: Tx) => Promise<readonly unknown[]>) {
    let allowed = false
    try {
      await as(person, async (tx) => {
        allowed = (await change(tx)).length > 0
        throw ROLLBACK
      })
    } catch (err) {
      if (err !== ROLLBACK && (err as { code?: string }).code !== '42501') throw err
    }
    return allowed
  }

  it.each(PEOPLE.map((p) => [p]))('%s sees exactly their items, clients, projects and team', async (person) => {
    expect(named(f.items, await as(person, (tx) => tx`select id from public.items where id = any(${Object.values(f.items)})`))).toEqual([...VISIBLE_ITEMS[person]].sort())
    expect(named(f.clients, await as(person, (tx) => tx`select id from public.clients`))).toEqual(VISIBLE_CLIENTS[person])
    expect(named(f.projects, await as(person, (tx) => tx`select id from public.projects`))).toEqual(VISIBLE_PROJECTS[person])
    // The document world adds two members to client A (disabled, late): the team is seen whole or not at all.
    const team = await as(person, (tx) => tx`select id from public.client_members where client_id = ${f.clients.a}`)
    expect(team.length).toBe(SEES_TEAM_A.includes(person) ? 7 : 0)
  })

  it.each(DOC_PEOPLE.map((p) => [p]))('%s sees exactly their documents and folders', async (person) => {
    expect(named(f.documents, await as(person, (tx) => tx`select item_id from public.documents`), 'item_id')).toEqual([...VISIBLE_DOCUMENTS[person]].sort())
    expect(named(f.groups, await as(person, (tx) => tx`select id from public.items where kind = 'document_group'`))).toEqual([...VISIBLE_GROUPS[person]].sort())
  })

  it.each(Object.keys(ACTIONS).flatMap((action) => PEOPLE.map((p) => [action, p] as const)))('%s as %s', async (action, person) => {
    expect(await attempt(person, (tx) => ACTIONS[action]!(tx, person))).toBe(ALLOWED[action]!.includes(person))
  })

  it('the login role still reads nothing by itself, and ITEMS are all there', async () => {
    await expect(restoredDb.pool`select * from public.accounts`).rejects.toMatchObject({ code: '42501' })
    expect(ITEMS.length).toBe(8)
  })
})

describe('refusals', () => {
  it('refuses to restore into a database that is not empty, and replaces it with force', async () => {
    const target = await emptyDatabase('nonempty')
    try {
      const sql = postgres(target.url, { max: 1, onnotice: () => {} })
      await sql`create table public.keep_me (id int)`
      await sql.end()
      const options = { target: bctx.target, name: backupName, key: bctx.key!.key, ownerUrl: target.url, blobs: localDiskStore(await mkdtemp(path.join(tmpdir(), 'b-'))), fileMasterKey: bctx.fileMasterKey }
      await expect(restoreBackup(options)).rejects.toThrow(RestoreRefusedError)
      await expect(restoreBackup(options)).rejects.toThrow(/not empty.*--force/)
      const check = postgres(target.url, { max: 1, onnotice: () => {} })
      expect((await check`select count(*)::int as n from public.keep_me`)[0]!.n).toBe(0)
      await restoreBackup({ ...options, force: true })
      expect((await check`select count(*)::int as n from public.accounts`)[0]!.n).toBe(Number(before['public.accounts']!.rows))
      expect((await check`select to_regclass('public.keep_me') as t`)[0]!.t).toBeNull()
      await check.end()
    } finally {
      await target.drop()
    }
  })

  it('refuses another file master key before touching the target', async () => {
    const target = await emptyDatabase('otherkey')
    try {
      await expect(
        restoreBackup({ target: bctx.target, name: backupName, key: bctx.key!.key, ownerUrl: target.url, blobs: localDiskStore(await mkdtemp(path.join(tmpdir(), 'b-'))), fileMasterKey: randomBytes(32) }),
      ).rejects.toThrow(/file master key configured here is not the one/)
    } finally {
      await target.drop()
    }
  })

  /** A copy of the backup to damage. */
  async function copyOfBackup() {
    const dir = await mkdtemp(path.join(tmpdir(), 'portal-damaged-'))
    await cp(path.join(bctx.target.where, backupName), path.join(dir, backupName), { recursive: true })
    return { target: directoryTarget(dir), dir: path.join(dir, backupName) }
  }
  const partOf = async (dir: string, table: string) => JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')).tables.find((t: { name: string }) => t.name === table).part as string

  it('refuses a truncated backup, naming the part', async () => {
    const copy = await copyOfBackup()
    const part = await partOf(copy.dir, 'accounts')
    const file = path.join(copy.dir, part)
    await truncate(file, (await readFile(file)).length - 20)
    const err = await checkBackup(copy.target, backupName, bctx.key!.key).catch((e) => e)
    expect(err).toBeInstanceOf(BackupIntegrityError)
    expect(err.message).toMatch(new RegExp(`part ${part.replace(/\./g, '\\.')} .*truncated or was changed`))
  })

  it('refuses a backup with one byte changed', async () => {
    const copy = await copyOfBackup()
    const file = path.join(copy.dir, await partOf(copy.dir, 'document_versions'))
    const bytes = await readFile(file)
    bytes[bytes.length - 30] ^= 1
    await writeFile(file, bytes)
    await expect(checkBackup(copy.target, backupName, bctx.key!.key)).rejects.toThrow(/does not match its checksum: the backup is damaged or was changed/)
  })

  it('refuses a changed manifest, a missing part, a missing manifest and another backup key', async () => {
    const copy = await copyOfBackup()
    const manifestFile = path.join(copy.dir, 'manifest.json')
    const text = await readFile(manifestFile, 'utf8')
    await writeFile(manifestFile, text.replace(/"rows": (\d+)/, (_m, n) => `"rows": ${Number(n) + 1}`))
    await expect(checkBackup(copy.target, backupName, bctx.key!.key)).rejects.toThrow(/manifest of backup .* was changed/)
    await writeFile(manifestFile, text)
    await expect(checkBackup(copy.target, backupName, randomBytes(32))).rejects.toThrow(/made with another backup key/)
    await rm(path.join(copy.dir, await partOf(copy.dir, 'clients')))
    await expect(checkBackup(copy.target, backupName, bctx.key!.key)).rejects.toThrow(/lacks its part/)
    await rm(manifestFile)
    await expect(checkBackup(copy.target, backupName, bctx.key!.key)).rejects.toThrow(/incomplete \(it has no manifest\)/)
  })

  it('a part whose chunks fail authentication is refused while restoring (checksums alone are not trusted)', async () => {
    // The decryption checks every chunk's tag too: re-sign nothing, just feed a damaged part past checkBackup.
    const copy = await copyOfBackup()
    const part = await partOf(copy.dir, 'clients')
    const file = path.join(copy.dir, part)
    const bytes = await readFile(file)
    bytes[50] ^= 1
    await writeFile(file, bytes)
    const { readDecrypted } = await import('../../../functions/_shared/backup/streams.ts')
    const plain = await readDecrypted(copy.target, backupName, part, bctx.key!.key)
    await expect((async () => { for await (const _ of plain); })()).rejects.toThrow(/fails its check at chunk 0|does not end where it should/)
  })
})
