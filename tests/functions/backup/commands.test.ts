import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { cp, mkdtemp, readdir, readFile, rm, stat, truncate } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeEncryptedFile } from '../../../functions/_shared/blob/encrypted-file.ts'
import { directoryTarget } from '../../../functions/_shared/backup/target.ts'
import { ROOT } from '../../../functions/_shared/paths.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { createPersona } from '../../helpers/personas.ts'
import { eventually } from '../../helpers/eventually.ts'
import { appUrlFor, blobChecksums, emptyDatabase, tableChecksums } from './helpers.ts'
import { inject } from 'vitest'
import { withDatabase } from '../../setup/database-template.ts'

/**
 * The three npm scripts as an operator runs them (external database mode against the test
 * server): npm run backup, npm run backup:verify, npm run restore -- <backup> [--force] with its
 * refusals and exit codes; and the crash test: a backup process killed midway leaves nothing
 * corrupt, its partial backup is never "latest", and the next run removes it.
 */
let ctx: TestContext
let backupDir: string
const backupKey = randomBytes(32).toString('hex')

function env(extra: Record<string, string> = {}) {
  const { SESSION_PEPPER: _p, FILE_MASTER_KEY: _k, ...rest } = process.env
  return {
    ...rest,
    DATA_DIR: ctx.dataDir,
    DATABASE_URL: appUrlFor(ctx.name),
    DATABASE_OWNER_URL: withDatabase(inject('database').ownerUrl, ctx.name),
    SESSION_PEPPER: 'p'.repeat(40),
    FILE_MASTER_KEY: ctx.runtime.secrets.fileMasterKey.toString('hex'),
    BACKUP_KEY: backupKey,
    BACKUP_DIR: backupDir,
    LOG_LEVEL: 'warn',
    ...extra,
  }
}

/** Runs `npm run <script> -- args` and returns its exit code and output. */
function npm(script: string, args: string[], extra: Record<string, string> = {}, onStart?: (pid: number) => void): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script, '--', ...args], { cwd: ROOT, env: env(extra), detached: true })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (out += d))
    onStart?.(child.pid!)
    child.on('close', (code) => resolve({ code, out }))
  })
}

beforeAll(async () => {
  ctx = await createTestContext()
  backupDir = await mkdtemp(path.join(tmpdir(), 'portal-cli-backups-'))
  const lawyer = await createPersona(ctx, 'lawyer', { kind: 'staff', admin: true })
  const [client] = await ctx.owner`insert into public.clients (name, created_by) values ('Alpha GmbH', ${lawyer.id}) returning id`
  // A large file, so that a backup takes long enough to be killed halfway.
  for (const [i, size] of [1000, 48 * 1024 * 1024].entries()) {
    const [item] = await ctx.owner`insert into public.items (kind, client_id, audience, title, created_by) values ('document', ${client!.id}, 'client', ${`Akte ${i}`}, ${lawyer.id}) returning id`
    await ctx.owner`insert into public.documents (item_id, client_id) values (${item!.id}, ${client!.id})`
    const f = await writeEncryptedFile(ctx.runtime.blobs, ctx.runtime.secrets.fileMasterKey, Readable.from([randomBytes(size)]), 1 << 30)
    await ctx.owner`insert into public.document_versions (item_id, client_id, version, filename, media_type, size, sha256, blob_name, wrapped_key, uploaded_by)
                    values (${item!.id}, ${client!.id}, 1, 'akte.pdf', 'application/pdf', ${f.size}, ${f.sha256}, ${f.blobName}, ${f.wrappedKey}, ${lawyer.id})`
  }
})
afterAll(async () => {
  await rm(backupDir, { recursive: true, force: true })
  await ctx.close()
})

describe('npm run backup, backup:verify, restore', () => {
  let name: string
  let restoreDir: string
  const target = { get: () => directoryTarget(backupDir) }

  it('npm run backup writes a complete backup and says where', async () => {
    const res = await npm('backup', [])
    expect(res.out).toMatch(/Backup \d{8}T\d{6}Z-[0-9a-f]{4} written to /)
    expect(res.code).toBe(0)
    name = /Backup (\S+) written/.exec(res.out)![1]!
    expect(await target.get().list()).toEqual([name])
  }, 120_000)

  it('npm run backup:verify restores the latest into a scratch database and checks it', async () => {
    const res = await npm('backup:verify', [])
    expect(res.out).toMatch(new RegExp(`Backup ${name} verified: \\d+ tables with \\d+ rows, 2 files \\(2 document versions opened with the file master key\\)`))
    expect(res.code).toBe(0)
    const [run] = await ctx.owner`select status, trigger from public.backup_runs where kind = 'verify'`
    expect(run).toEqual({ status: 'succeeded', trigger: 'manual' })
    const left = await ctx.owner`select datname from pg_database where datname like 'portal_verify_%'`
    expect(left).toEqual([])
  }, 180_000)

  it('npm run restore restores into an empty database, refuses it afterwards, and --force replaces it', async () => {
    const db = await emptyDatabase('cli')
    restoreDir = await mkdtemp(path.join(tmpdir(), 'portal-cli-restore-'))
    try {
      const to = { DATABASE_OWNER_URL: db.url, DATABASE_URL: appUrlFor(db.name), DATA_DIR: restoreDir }
      const first = await npm('restore', [path.join(backupDir, name)], to)
      expect(first.out).toMatch(new RegExp(`Backup ${name} \\(taken .*\\) restored: \\d+ tables with \\d+ rows, 2 files`))
      expect(first.code).toBe(0)
      expect(await blobChecksums(path.join(restoreDir, 'blobs'))).toEqual(await blobChecksums(path.join(ctx.dataDir, 'blobs')))
      const sql = postgres(db.url, { max: 1, onnotice: () => {} })
      const restored = await tableChecksums(sql)
      await sql.end()
      const original = await tableChecksums(ctx.owner)
      expect(restored['public.document_versions']).toEqual(original['public.document_versions'])
      expect(restored['public.accounts']).toEqual(original['public.accounts'])

      const again = await npm('restore', [name], to)
      expect(again.out).toMatch(/The target database is not empty.*--force/)
      expect(again.code).toBe(5)
      const forced = await npm('restore', ['latest', '--force'], to)
      expect(forced.code).toBe(0)
    } finally {
      await db.drop()
    }
  }, 240_000)

  it('npm run restore refuses a truncated backup with a clear message and exit code 6', async () => {
    const copyRoot = await mkdtemp(path.join(tmpdir(), 'portal-cli-damaged-'))
    await cp(path.join(backupDir, name), path.join(copyRoot, name), { recursive: true })
    const manifest = JSON.parse(await readFile(path.join(copyRoot, name, 'manifest.json'), 'utf8'))
    const big = manifest.blobs.sort((a: { size: number }, b: { size: number }) => b.size - a.size)[0].part
    await truncate(path.join(copyRoot, name, big), 1024 * 1024)
    const db = await emptyDatabase('damaged')
    try {
      const res = await npm('restore', [path.join(copyRoot, name)], { DATABASE_OWNER_URL: db.url, DATABASE_URL: appUrlFor(db.name), DATA_DIR: copyRoot })
      expect(res.out).toContain(`Backup part ${big} of ${name} has 1048576 bytes instead of`)
      expect(res.out).toContain('the backup is truncated or was changed')
      expect(res.code).toBe(6)
      const sql = postgres(db.url, { max: 1, onnotice: () => {} })
      expect(await sql`select count(*)::int as n from pg_tables where schemaname = 'public'`).toEqual([{ n: 0 }])
      await sql.end()
    } finally {
      await db.drop()
      await rm(copyRoot, { recursive: true, force: true })
    }
  }, 120_000)

  it('crash: a backup killed midway corrupts nothing, is never the latest, and the next run removes it', async () => {
    const before = await tableChecksums(ctx.owner)
    let pid = 0
    const killed = npm('backup', [], {}, (p) => (pid = p))
    // Wait until the large file is being written into the partial backup, then kill the process group.
    const halfway = await eventually(async () => {
      const partial = (await readdir(backupDir)).find((e) => e.endsWith('.partial'))
      if (!partial) return false
      const files = await readdir(path.join(backupDir, partial)).catch(() => [] as string[])
      const blobParts = await Promise.all(files.filter((f) => f.startsWith('blob-')).map((f) => stat(path.join(backupDir, partial, f)).catch(() => undefined)))
      return blobParts.some((s) => (s?.size ?? 0) > 1024 * 1024)
    }, 60_000)
    expect(halfway).toBe(true)
    process.kill(-pid, 'SIGKILL')
    expect((await killed).code).not.toBe(0)
    const partials = (await readdir(backupDir)).filter((e) => e.endsWith('.partial'))
    expect(partials).toHaveLength(1)
    expect(await target.get().list()).toEqual([name])
    expect(await ctx.owner`select status from public.backup_runs where kind = 'backup' and status = 'running'`).toHaveLength(1)
    // The database is untouched (a backup only reads).
    expect(await tableChecksums(ctx.owner)).toEqual(before)

    const next = await npm('backup', [])
    expect(next.code).toBe(0)
    const newest = /Backup (\S+) written/.exec(next.out)![1]!
    expect((await readdir(backupDir)).filter((e) => e.endsWith('.partial'))).toEqual([])
    expect(await target.get().list()).toEqual([name, newest].sort())
    const runs = await ctx.owner`select status, error from public.backup_runs where kind = 'backup' order by started_at`
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'failed', 'succeeded'])
    expect(runs[1]!.error).toMatch(/^Interrupted: the process ended during the run/)
    // "latest" is the new complete backup, never the partial one.
    const verify = await npm('backup:verify', ['latest'])
    expect(verify.out).toContain(`Backup ${newest} verified`)
  }, 300_000)
})
