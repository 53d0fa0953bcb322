import { spawn, type ChildProcess } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import http from 'node:http'
import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { notingStore, sweepPendingBlobs } from '../../../functions/_shared/blob/pending.ts'
import { writeEncryptedFile } from '../../../functions/_shared/blob/encrypted-file.ts'
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { s3Store } from '../../../functions/_shared/blob/s3-store.ts'
import { withDatabase } from '../../setup/database-template.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { eventually } from '../../helpers/eventually.ts'
import { createPersona, signInAs } from '../../helpers/personas.ts'
import { freePort, REPO_ROOT } from '../../e2e/helpers/server.ts'

/**
 * The crash test of issue 9 for uploads: the real server process (`npm start`'s entry) is killed
 * with SIGKILL while a 64 MiB direct upload streams in and while a tus upload's PATCH runs; it is
 * started again on the same DATA_DIR and database. Then: no document row without a readable blob,
 * no blob without a row (after the sweep), the tus upload resumes at its offset and finishes byte
 * for byte, and the documents uploaded before the crash still download with their checksum.
 */
let ctx: TestContext
let child: ChildProcess
let output = ''
let base = ''
let port = 0
let cookie = ''
let clientId = ''
const pepper = randomBytes(32).toString('hex')
const masterKey = randomBytes(32).toString('hex')
const MiB = 1024 * 1024
const blobRoot = () => path.join(ctx.dataDir, 'blobs')

async function startServer() {
  output = ''
  child = spawn(process.execPath, ['--import', 'tsx', 'functions/_server/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      DATABASE_OWNER_URL: withDatabase(inject('database').ownerUrl, ctx.name),
      DATABASE_URL: ctx.appUrl,
      SESSION_PEPPER: pepper,
      FILE_MASTER_KEY: masterKey,
      DATA_DIR: ctx.dataDir,
      PORT: String(port),
      WEB_BUILD: 'false',
      LOG_LEVEL: 'warn',
      MAX_UPLOAD_BYTES: String(128 * MiB),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()))
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()))
  const healthy = await eventually(async () => {
    if (child.exitCode !== null) return true
    return (await fetch(`${base}/health`).catch(() => undefined))?.status === 200
  }, 60_000)
  expect(healthy && child.exitCode === null, `the server did not become healthy:\n${output.slice(-3000)}`).toBe(true)
}
const exitOf = (p: ChildProcess) => new Promise<unknown>((resolve) => (p.exitCode !== null || p.signalCode !== null ? resolve(p.signalCode) : p.once('exit', (_c, s) => resolve(s))))

beforeAll(async () => {
  ctx = await createTestContext()
  ctx.runtime.secrets.sessionPepper = Buffer.from(pepper, 'utf8')
  ctx.runtime.secrets.fileMasterKey = Buffer.from(masterKey, 'hex')
  port = await freePort()
  base = `http://127.0.0.1:${port}`
  const staff = await createPersona(ctx, 'crash_staff', { kind: 'staff', admin: true })
  cookie = await signInAs(ctx, staff)
  const [client] = await ctx.owner`insert into public.clients (name, created_by) values ('Absturz GmbH', ${staff.id}) returning id`
  clientId = client!.id as string
  await startServer()
}, 90_000)
afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  await ctx?.close()
})

const pdf = (size: number) => {
  const body = randomBytes(size)
  Buffer.from('%PDF-1.7\n').copy(body, 0)
  return body
}
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex')
const headers = () => ({ origin: base, cookie })
const tus = (method: string, url: string, extra: Record<string, string> = {}, body?: Buffer) =>
  fetch(url.startsWith('http') ? url : `${base}${url}`, { method, headers: { ...headers(), 'tus-resumable': '1.0.0', ...extra }, body: body as unknown as BodyInit | undefined })
const metadata = (fields: Record<string, string>) => Object.entries(fields).map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`).join(',')

async function upload(filename: string, body: Buffer): Promise<string> {
  const res = await fetch(`${base}/functions/v1/documents?clientId=${clientId}&filename=${encodeURIComponent(filename)}`, {
    method: 'POST',
    headers: { ...headers(), 'content-type': 'application/octet-stream' },
    body: body as unknown as BodyInit,
  })
  const json = (await res.json()) as { id: string }
  expect(res.status, JSON.stringify(json)).toBe(201)
  return json.id
}
const download = async (id: string) => {
  const res = await fetch(`${base}/functions/v1/documents/${id}/file`, { headers: { cookie } })
  expect(res.status).toBe(200)
  return Buffer.from(await res.arrayBuffer())
}

/** Every file in the blob store, by name (a *.partial is an unfinished write). */
async function blobFiles(): Promise<string[]> {
  const entries = await readdir(blobRoot(), { recursive: true, withFileTypes: true }).catch(() => [])
  return entries.filter((e) => e.isFile()).map((e) => e.name).sort()
}
const versionBlobs = async () => (await ctx.owner<{ blob_name: string }[]>`select blob_name from public.document_versions`).map((r) => r.blob_name).sort()

describe('SIGKILL during uploads', () => {
  it('leaves nothing corrupt; after a restart and the sweep no partial work remains and the tus upload resumes', async () => {
    // Documents from before the crash.
    const earlier = [pdf(300 * 1024), pdf(2 * MiB + 7)]
    const earlierIds = [await upload('Vertrag.pdf', earlier[0]!), await upload('Gutachten.pdf', earlier[1]!)]

    // A tus upload: the first 2 MiB arrive in a finished PATCH, then a second PATCH is cut by the kill.
    const tusBody = pdf(6 * MiB + 321)
    const created = await tus('POST', `${base}/functions/v1/documents/uploads`, { 'upload-length': String(tusBody.length), 'upload-metadata': metadata({ clientId, filename: 'Bilanz.pdf' }) })
    expect(created.status, await created.clone().text()).toBe(201)
    const tusUrl = created.headers.get('location')!
    const tusId = tusUrl.split('/').pop()!
    const first = await tus('PATCH', tusUrl, { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, tusBody.subarray(0, 2 * MiB))
    expect(first.status).toBe(204)
    const stagedFile = path.join(ctx.dataDir, 'uploads', `${tusId}.staged`)
    const tusReq = http.request(new URL(`${base}${tusUrl}`), {
      method: 'PATCH',
      headers: { ...headers(), 'tus-resumable': '1.0.0', 'upload-offset': String(2 * MiB), 'content-type': 'application/offset+octet-stream', 'transfer-encoding': 'chunked' },
    })
    tusReq.on('error', () => {})
    tusReq.write(tusBody.subarray(2 * MiB, 3 * MiB))

    // A 64 MiB direct upload, streamed slowly: about a quarter arrives, then the server dies.
    const big = pdf(64 * MiB)
    const bigReq = http.request(new URL(`${base}/functions/v1/documents?clientId=${clientId}&filename=Akte.pdf`), {
      method: 'POST',
      headers: { ...headers(), 'content-type': 'application/octet-stream', 'transfer-encoding': 'chunked' },
    })
    bigReq.on('error', () => {})
    for (let i = 0; i < 16; i++) {
      bigReq.write(big.subarray(i * MiB, (i + 1) * MiB))
      await new Promise((r) => setTimeout(r, 10))
    }
    const partialSize = async () => {
      for (const dir of await readdir(blobRoot()).catch(() => [] as string[])) {
        for (const n of await readdir(path.join(blobRoot(), dir)).catch(() => [] as string[])) {
          if (n.endsWith('.partial')) return (await stat(path.join(blobRoot(), dir, n))).size
        }
      }
      return 0
    }
    expect(await eventually(async () => (await partialSize()) >= 12 * MiB, 20_000), 'the big upload is being written').toBe(true)
    expect(await eventually(async () => ((await stat(stagedFile)).size >= 3 * MiB), 20_000), 'the tus PATCH reached the disk').toBe(true)
    const [noted] = await ctx.owner`select count(*)::int as n from private.pending_blobs where swept_at is null`
    expect(noted!.n, 'the big upload noted its blob before writing it').toBe(1)

    const killed = exitOf(child)
    child.kill('SIGKILL')
    expect(await killed).toBe('SIGKILL')
    bigReq.destroy()
    tusReq.destroy()

    // The crash left an unfinished write, and no row for it.
    const left = await blobFiles()
    expect(left.filter((n) => n.endsWith('.partial'))).toHaveLength(1)
    expect((await versionBlobs()).length).toBe(2)

    await startServer()
    // Nothing is corrupt: every version row's blob exists and downloads with its checksum.
    const rows = await ctx.owner<{ item_id: string; sha256: string }[]>`select item_id, sha256 from public.document_versions`
    expect(rows).toHaveLength(2)
    for (const [i, id] of earlierIds.entries()) {
      const got = await download(id)
      expect(sha(got)).toBe(sha(earlier[i]!))
      expect(rows.find((r) => r.item_id === id)!.sha256).toBe(sha(earlier[i]!))
    }

    // The tus upload resumes where the disk says it stopped, and finishes byte for byte.
    const head = await tus('HEAD', tusUrl)
    expect(head.status).toBe(200)
    const offset = Number(head.headers.get('upload-offset'))
    expect(offset).toBeGreaterThanOrEqual(2 * MiB)
    expect(offset).toBeLessThanOrEqual(3 * MiB)
    const rest = await tus('PATCH', tusUrl, { 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' }, tusBody.subarray(offset))
    expect(rest.status, await rest.clone().text()).toBe(204)
    const tusDocument = rest.headers.get('upload-document-id')!
    expect(tusDocument).toMatch(/^[0-9a-f-]{36}$/)
    expect(sha(await download(tusDocument))).toBe(sha(tusBody))

    // The sweep (as the restarted server runs it, a day later): the unfinished write and the
    // note of the killed upload are gone; the blob store holds exactly the versions' blobs.
    const later = new Date(Date.now() + 25 * 60 * 60 * 1000)
    expect(await sweepPendingBlobs(ctx.runtime, { now: later })).toEqual({ blobs: 1, partials: 1 })
    expect(await blobFiles()).toEqual(await versionBlobs())
    expect((await versionBlobs()).length).toBe(3)
    const [open] = await ctx.owner`select count(*)::int as n from private.pending_blobs where swept_at is null`
    expect(open!.n).toBe(0)
    expect(await sweepPendingBlobs(ctx.runtime, { now: later })).toEqual({ blobs: 0, partials: 0 })
    expect(output).not.toMatch(/"level":"error"/)
  }, 120_000)

  it('a blob written completely whose row never committed is swept; a late commit of a swept blob is refused', async () => {
    // The state a kill between the end of the write and the commit leaves: a complete blob and its note.
    const stored = await writeEncryptedFile(notingStore(ctx.runtime), ctx.runtime.secrets.fileMasterKey, Readable.from([pdf(MiB)]), 2 * MiB)
    expect(await blobFiles()).toContain(stored.blobName)
    // Not yet a day old: a running upload's blob stays.
    expect(await sweepPendingBlobs(ctx.runtime)).toEqual({ blobs: 0, partials: 0 })
    expect(await blobFiles()).toContain(stored.blobName)
    expect(await sweepPendingBlobs(ctx.runtime, { now: new Date(Date.now() + 25 * 60 * 60 * 1000) })).toEqual({ blobs: 1, partials: 0 })
    expect(await blobFiles()).not.toContain(stored.blobName)
    expect(await blobFiles()).toEqual(await versionBlobs())

    const [staff] = await ctx.owner`select id from public.accounts where kind = 'staff' limit 1`
    const [item] = await ctx.owner`insert into public.items (kind, client_id, audience, title, created_by) values ('document', ${clientId}, 'client', 'Spät', ${staff!.id}) returning id`
    await ctx.owner`insert into public.documents (item_id, client_id) values (${item!.id}, ${clientId})`
    const late = ctx.owner`insert into public.document_versions (item_id, client_id, version, filename, media_type, size, sha256, blob_name, wrapped_key, uploaded_by)
                           values (${item!.id}, ${clientId}, 1, 'spaet.pdf', 'application/pdf', ${stored.size}, ${stored.sha256}, ${stored.blobName}, ${stored.wrappedKey}, ${staff!.id})`
    await expect(late).rejects.toMatchObject({ message: 'blob_swept' })
    const [count] = await ctx.owner`select count(*)::int as n from public.document_versions where blob_name = ${stored.blobName}`
    expect(count!.n).toBe(0)
  })

  it('the same for the S3 store: a complete object without a committed row is swept (s3rver on loopback)', async () => {
    type S3rverInstance = { run(): Promise<{ port: number }>; close(): Promise<void> }
    const S3rver = createRequire(import.meta.url)('s3rver') as new (options: Record<string, unknown>) => S3rverInstance
    const dir = await mkdtemp(path.join(tmpdir(), 's3rver-crash-'))
    const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: 'portal', configs: [] }] })
    const { port: s3port } = await server.run()
    const endpoint = `http://127.0.0.1:${s3port}`
    const raw = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } })
    try {
      const store = await s3Store({ endpoint, bucket: 'portal', region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true, prefix: 'crash/' })
      const rt = { ...ctx.runtime, blobs: store }
      const keys = async () => ((await raw.send(new ListObjectsV2Command({ Bucket: 'portal', Prefix: 'crash/' }))).Contents ?? []).map((o) => o.Key)
      const stored = await writeEncryptedFile(notingStore(rt), ctx.runtime.secrets.fileMasterKey, Readable.from([pdf(6 * MiB)]), 8 * MiB)
      expect(await keys()).toEqual([`crash/${stored.blobName}`])
      expect((await sweepPendingBlobs(rt)).blobs).toBe(0)
      // s3rver cannot list multipart uploads (NotImplemented): the store leaves them to a lifecycle rule.
      expect((await sweepPendingBlobs(rt, { now: new Date(Date.now() + 25 * 60 * 60 * 1000) })).blobs).toBe(1)
      expect(await keys()).toEqual([])
    } finally {
      raw.destroy()
      await server.close()
      await rm(dir, { recursive: true, force: true })
    }
  })
})
