import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readEncryptedFile } from '../../../functions/_shared/blob/encrypted-file.ts'
import { localDiskStore, type BlobStore } from '../../../functions/_shared/blob/store.ts'
import { runBackupJob, type BackupContext } from '../../../functions/_shared/backup/jobs.ts'
import { restoreBackup } from '../../../functions/_shared/backup/restore-backup.ts'
import { app } from '../../../functions/documents/app.ts'
import { app as messagesApp } from '../../../functions/messages/app.ts'
import { openMessageBody } from '../../../functions/_shared/message-crypto.ts'
import { buildAccessFixture, type AccessFixture, type Person } from '../../helpers/access-fixture.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { ORIGIN } from '../../helpers/http.ts'
import { backupContextFor, blobChecksums, emptyDatabase } from './helpers.ts'

/**
 * A backup taken while documents are uploaded and deleted and comments and messages are written
 * restores to a consistent state: every version row has its file (which opens with the master
 * key and matches its checksum), no file is without its row, and every message body opens. A blob deleted after the snapshot makes
 * the backup take the snapshot again.
 */
let ctx: TestContext
let f: AccessFixture
let bctx: BackupContext
let group: string
let conversation: string

async function call(as: Person, method: string, route: string, body?: unknown, raw?: BodyInit) {
  const res = await app.request(`${ORIGIN}/functions/v1/documents${route}`, {
    method,
    headers: { origin: ORIGIN, cookie: f.cookies[as], 'content-type': raw ? 'application/octet-stream' : 'application/json' },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  })
  return { status: res.status, json: await res.json() }
}
async function message(as: Person, route: string, body: unknown) {
  const res = await messagesApp.request(`${ORIGIN}/functions/v1/messages${route}`, {
    method: 'POST',
    headers: { origin: ORIGIN, cookie: f.cookies[as], 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: res.status, json: (await res.json()) as { id: string; itemId?: string } }
}
const pdf = () => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(40_000 + Math.floor(Math.random() * 200_000)), Buffer.from('\n%%EOF\n')])
const upload = async () => {
  const params = new URLSearchParams({ clientId: f.clients.a, filename: `Beleg-${randomBytes(3).toString('hex')}.pdf` })
  return call('clerk_a', 'POST', `?${params}`, undefined, new Uint8Array(pdf()))
}

/** Restores a backup into a new database and directory and checks rows against files. */
async function restoreAndCheck(name: string) {
  const db = await emptyDatabase('consistent')
  const dir = await mkdtemp(path.join(tmpdir(), 'portal-consistent-'))
  try {
    await restoreBackup({ target: bctx.target, name, key: bctx.key!.key, ownerUrl: db.url, blobs: localDiskStore(dir), fileMasterKey: bctx.fileMasterKey })
    const sql = postgres(db.url, { max: 1, onnotice: () => {} })
    const versions = await sql`select blob_name::text as name, wrapped_key, size, sha256 from public.document_versions`
    const comments = await sql`select count(*)::int as n from public.comments`
    const messages = await sql`select body_ciphertext, body_key from public.messages where body_ciphertext is not null`
    await sql.end()
    for (const m of messages) expect(openMessageBody(bctx.fileMasterKey, { ciphertext: m.body_ciphertext, key: m.body_key })).toMatch(/^Nachricht \d+|^Wann/)
    const files = Object.keys(await blobChecksums(dir)).sort()
    expect(files).toEqual(versions.map((v) => v.name as string).sort())
    const store = localDiskStore(dir)
    for (const v of versions) {
      const plain = await readEncryptedFile(store, bctx.fileMasterKey, { blobName: v.name, wrappedKey: v.wrapped_key, size: Number(v.size), sha256: v.sha256 })
      for await (const _ of plain);
    }
    return { versions: versions.length, comments: comments[0]!.n as number, messages: messages.length }
  } finally {
    await db.drop()
    await rm(dir, { recursive: true, force: true })
  }
}

beforeAll(async () => {
  ctx = await createTestContext({ MAX_UPLOAD_BYTES: String(1024 * 1024) })
  f = await buildAccessFixture(ctx)
  bctx = await backupContextFor(ctx)
  group = (await call('clerk_a', 'POST', '/groups', { clientId: f.clients.a, title: 'Laufende Unterlagen' })).json.id
  for (let i = 0; i < 6; i++) expect((await upload()).status).toBe(201)
  const [frage] = await ctx.owner`select id from public.message_categories order by position limit 1`
  const started = await message('client_a_member', '', { clientId: f.clients.a, subject: 'Laufende Fragen', categoryId: frage!.id, body: 'Wann ist der Termin?' })
  expect(started.status).toBe(201)
  conversation = started.json.itemId ?? started.json.id
})
afterAll(async () => {
  await bctx?.owner.end()
  await rm(bctx.target.where, { recursive: true, force: true })
  await ctx.close()
})

describe('a backup during writes', () => {
  it('restores to a state where every row has its file and every file its row', async () => {
    let writing = true
    const written = { uploads: 0, deletes: 0, comments: 0, messages: 0 }
    const writer = (async () => {
      while (writing) {
        const up = await upload()
        expect(up.status).toBe(201)
        written.uploads++
        if (written.uploads % 2 === 0) {
          expect((await call('clerk_a', 'POST', `/${up.json.id}/delete`, { reason: 'Falscher Mandant' })).json).toEqual({ deleted: 'hard', versions: 1 })
          written.deletes++
        }
        expect((await call('client_a_member', 'POST', `/groups/${group}/comments`, { body: `Kommentar ${written.comments}` })).status).toBe(201)
        written.comments++
        // Both sides answer in turn (each person may send 30 a minute; a refused one writes nothing).
        const sent = await message(written.comments % 2 ? 'clerk_a' : 'client_a_member', `/${conversation}/messages`, { body: `Nachricht ${written.comments}` })
        expect([201, 429]).toContain(sent.status)
        if (sent.status === 201) written.messages++
      }
    })()
    const names: string[] = []
    try {
      for (let i = 0; i < 3; i++) names.push((await runBackupJob(bctx, 'manual')).name)
    } finally {
      writing = false
      await writer
    }
    expect(written.uploads).toBeGreaterThan(0)
    expect(written.messages).toBeGreaterThan(0)
    const restored = []
    for (const name of names) restored.push(await restoreAndCheck(name))
    // The backups saw the writes go on.
    expect(restored.at(-1)!.versions + restored.at(-1)!.comments).toBeGreaterThan(restored[0]!.versions + restored[0]!.comments - 1)
    expect(restored.at(-1)!.messages).toBeGreaterThanOrEqual(restored[0]!.messages)
    expect(restored[0]!.messages).toBeGreaterThan(0)
  }, 180_000)

  it('takes the snapshot again when a file is deleted after it (its row is gone from the backup too)', async () => {
    const victim = (await upload()).json.id as string
    const [v] = await ctx.owner`select blob_name::text as name from public.document_versions where item_id = ${victim}`
    const real = ctx.runtime.blobs
    let deleted = false
    // The document is deleted for good right after the first snapshot, when its file is looked at.
    const racing: BlobStore = {
      ...real,
      async size(name) {
        if (name === v!.name && !deleted) {
          deleted = true
          expect((await call('clerk_a', 'POST', `/${victim}/delete`, { reason: 'Falscher Mandant' })).json).toEqual({ deleted: 'hard', versions: 1 })
        }
        return real.size(name)
      },
    }
    const result = await runBackupJob({ ...bctx, blobs: racing }, 'manual')
    expect(deleted).toBe(true)
    expect(result.manifest.blobs.map((b) => b.name)).not.toContain(v!.name)
    expect(Object.keys(result.manifest.parts).some((p) => p.startsWith('t2-'))).toBe(true)
    expect(Object.keys(result.manifest.parts).some((p) => p.startsWith('t1-'))).toBe(false)
    const { versions } = await restoreAndCheck(result.name)
    const [{ n }] = await ctx.owner`select count(*)::int as n from public.document_versions`
    expect(versions).toBe(n)
  }, 120_000)

  it('leaves out a blob that is still being written (its note in private.pending_blobs, no version row yet)', async () => {
    const inFlight = randomUUID()
    await ctx.owner`insert into private.pending_blobs (blob_name) values (${inFlight})`
    await ctx.runtime.blobs.put(inFlight, Readable.from([randomBytes(1000)]))
    try {
      const result = await runBackupJob(bctx, 'manual')
      expect(result.manifest.blobs.map((b) => b.name)).not.toContain(inFlight)
      const { versions } = await restoreAndCheck(result.name)
      expect(versions).toBeGreaterThan(0)
    } finally {
      await ctx.owner`delete from private.pending_blobs where blob_name = ${inFlight}`
      await ctx.runtime.blobs.delete(inFlight)
    }
  }, 120_000)
})
