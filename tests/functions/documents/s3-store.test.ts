import type { ServerType } from '@hono/node-server'
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { createCipheriv, randomBytes, randomUUID } from 'node:crypto'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { s3Store } from '../../../functions/_shared/blob/s3-store.ts'
import type { BlobStore } from '../../../functions/_shared/blob/store.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { listenOnLoopback } from '../../helpers/loopback-server.ts'
import { createPersona, signInAs } from '../../helpers/personas.ts'

/**
 * The S3-compatible blob store against a real S3 server on loopback: s3rver (an S3 API server
 * in Node that keeps objects in a directory). First the store's contract on its own, then a few
 * MiB uploaded, read by range and downloaded through the real portal server configured with
 * S3_* variables (the same path as at start: config → blobStoreFor → s3Store).
 *
 * What s3rver cannot do, found out with these tests:
 * - AbortMultipartUpload (DELETE ?uploadId) answers 405, so after a failed multipart upload its
 *   parts stay in s3rver's own upload directory. No object appears under the name (that is what
 *   "nothing stored" means for S3; real S3/MinIO remove the parts on abort, and a bucket
 *   lifecycle rule for incomplete uploads covers a crash). The test checks the object listing.
 * - A range ending at byte 0 (`bytes=0-0`) is served as the whole object (its parser reads an
 *   end of 0 as "to the end"). The portal never asks for it (the smallest read is the 12-byte
 *   header), so the contract test reads ranges ending elsewhere.
 */

type S3rverInstance = { run(): Promise<AddressInfo>; close(): Promise<void> }
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass

const BUCKET = 'kanzlei-portal'
// s3rver's built-in account: it checks the request signatures made with these.
const KEYS = { S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER' }
const MiB = 1024 * 1024

let s3dir: string
let s3rver: S3rverInstance
let endpoint: string
let raw: S3Client
beforeAll(async () => {
  s3dir = await mkdtemp(path.join(tmpdir(), 's3rver-'))
  s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3dir, configureBuckets: [{ name: BUCKET, configs: [] }] })
  const { port } = await s3rver.run()
  endpoint = `http://127.0.0.1:${port}`
  raw = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } })
})
afterAll(async () => {
  raw?.destroy()
  await s3rver?.close()
  await rm(s3dir, { recursive: true, force: true })
})

const keys = async (prefix: string) =>
  ((await raw.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }))).Contents ?? []).map((o) => o.Key)
const readAll = async (stream: Readable) => {
  const parts: Buffer[] = []
  for await (const part of stream) parts.push(part as Buffer)
  return Buffer.concat(parts)
}
/** A stream of `size` bytes in 256 KiB pieces that errors after `failAfter` bytes, if given. */
function source(data: Buffer, failAfter?: number) {
  let sent = 0
  return new Readable({
    read() {
      if (failAfter !== undefined && sent >= failAfter) return void this.destroy(new Error('client went away'))
      if (sent >= data.length) return void this.push(null)
      this.push(data.subarray(sent, sent + 256 * 1024))
      sent += 256 * 1024
    },
  })
}

describe('the S3 store (against s3rver)', () => {
  let store: BlobStore
  const PREFIX = 'contract/'
  beforeAll(async () => {
    store = await s3Store({ endpoint, bucket: BUCKET, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true, prefix: PREFIX })
  })

  it('puts, reads whole and by inclusive range, sizes and deletes a blob under its prefix', async () => {
    const name = randomUUID()
    const data = randomBytes(300_000)
    await store.put(name, source(data))
    expect(await keys(PREFIX)).toContain(`${PREFIX}${name}`)
    expect(await store.size(name)).toBe(data.length)
    expect((await readAll(await store.get(name))).equals(data)).toBe(true)
    expect((await readAll(await store.get(name, { start: 1000, end: 70_999 }))).equals(data.subarray(1000, 71_000))).toBe(true)
    expect((await readAll(await store.get(name, { start: 0, end: 11 }))).equals(data.subarray(0, 12))).toBe(true)
    expect((await readAll(await store.get(name, { start: data.length - 5, end: data.length - 1 }))).equals(data.subarray(-5))).toBe(true)
    await store.delete(name)
    expect(await store.size(name)).toBeUndefined()
    expect(await keys(`${PREFIX}${name}`)).toEqual([])
    await store.delete(name) // deleting again is not an error
  })

  it('streams a body larger than one part as a multipart upload', async () => {
    const name = randomUUID()
    const data = randomBytes(12 * MiB)
    await store.put(name, source(data))
    expect(await store.size(name)).toBe(data.length)
    expect((await readAll(await store.get(name))).equals(data)).toBe(true)
    expect((await readAll(await store.get(name, { start: 5 * MiB - 10, end: 5 * MiB + 9 }))).equals(data.subarray(5 * MiB - 10, 5 * MiB + 10))).toBe(true)
    await store.delete(name)
  })

  it.each([
    ['within the first part', 1 * MiB],
    ['after two parts were uploaded', 11 * MiB],
  ])('leaves no object when the body fails %s', async (_when, failAfter) => {
    const name = randomUUID()
    const body = source(randomBytes(14 * MiB), failAfter)
    await expect(store.put(name, body)).rejects.toThrow()
    expect(body.destroyed).toBe(true)
    expect(await store.size(name)).toBeUndefined()
    expect(await keys(`${PREFIX}${name}`)).toEqual([])
  })

  it('refuses names that are not server-generated UUIDs, before any request', async () => {
    for (const name of ['../secrets', 'ABC', `${randomUUID()}/x`]) {
      await expect(store.put(name, source(Buffer.from('x')))).rejects.toThrow('invalid blob name')
      await expect(store.size(name)).rejects.toThrow('invalid blob name')
    }
  })

  it('says undefined only for a missing object, and fails when the store is unreachable', async () => {
    expect(await store.size(randomUUID())).toBeUndefined()
    const down = await s3Store({ endpoint: 'http://127.0.0.1:9', bucket: BUCKET, region: 'us-east-1', accessKeyId: 'x', secretAccessKey: 'y', forcePathStyle: true })
    await expect(down.size(randomUUID())).rejects.toThrow()
  })
})

describe('documents through the portal server on the S3 store', () => {
  let ctx: TestContext
  let server: ServerType
  let base: string
  let cookie: string
  let clientId: string
  const PORTAL_PREFIX = 'portal/'
  beforeAll(async () => {
    ctx = await createTestContext({ S3_ENDPOINT: endpoint, S3_BUCKET: BUCKET, ...KEYS, S3_PREFIX: PORTAL_PREFIX, MAX_UPLOAD_BYTES: String(8 * MiB) })
    const clerk = await createPersona(ctx, 'clerk_s3', { kind: 'staff' })
    cookie = await signInAs(ctx, clerk)
    const [client] = await ctx.owner`insert into public.clients (name, created_by) values ('Objektspeicher GmbH', ${clerk.id}) returning id`
    clientId = client!.id as string
    await ctx.owner`insert into public.client_staff (client_id, account_id) values (${clientId}, ${clerk.id})`
    ;({ server, base } = await listenOnLoopback())
  })
  afterAll(async () => {
    await new Promise((r) => server?.close(r))
    await ctx?.close()
  })

  // A PDF of 6 MiB (pseudo-random content after the header): more than one 5 MiB part.
  const FILE = createCipheriv('aes-256-ctr', Buffer.alloc(32, 3), Buffer.alloc(16)).update(Buffer.alloc(6 * MiB))
  Buffer.from('%PDF-1.7\n').copy(FILE, 0)

  const upload = (body: Buffer, filename = 'Grundbuchauszug.pdf') =>
    fetch(`${base}/functions/v1/documents?${new URLSearchParams({ clientId, filename })}`, {
      method: 'POST',
      headers: { origin: base, cookie, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(body),
    })

  it('uploads a few MiB, serves a range and the whole file from the bucket, and keeps nothing on the local disk', async () => {
    const up = await upload(FILE)
    const json = (await up.json()) as { id: string; size: number }
    expect(up.status, JSON.stringify(json)).toBe(201)
    expect(json.size).toBe(FILE.length)
    const [version] = await ctx.owner`select blob_name from public.document_versions where item_id = ${json.id}`
    const key = `${PORTAL_PREFIX}${version!.blob_name}`
    expect(await keys(PORTAL_PREFIX)).toEqual([key])
    expect(await readdir(path.join(ctx.dataDir, 'blobs')).catch(() => [])).toEqual([])
    // Encrypted at rest in the bucket too.
    const stored = await readAll(await (await s3Store({ endpoint, bucket: BUCKET, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true, prefix: PORTAL_PREFIX })).get(String(version!.blob_name)))
    expect(stored.includes(FILE.subarray(100, 200))).toBe(false)

    const start = 5 * MiB - 1000 // across a 64 KiB encryption chunk and the 5 MiB part boundary
    const ranged = await fetch(`${base}/functions/v1/documents/${json.id}/file`, { headers: { cookie, range: `bytes=${start}-${start + 199_999}` } })
    expect(ranged.status).toBe(206)
    expect(ranged.headers.get('content-range')).toBe(`bytes ${start}-${start + 199_999}/${FILE.length}`)
    expect(Buffer.from(await ranged.arrayBuffer()).equals(FILE.subarray(start, start + 200_000))).toBe(true)

    const whole = await fetch(`${base}/functions/v1/documents/${json.id}/file`, { headers: { cookie } })
    expect(whole.status).toBe(200)
    expect(Buffer.from(await whole.arrayBuffer()).equals(FILE)).toBe(true)
  })

  it('releases the bucket’s response when a download is aborted midway (no connection left hanging)', async () => {
    const up = await upload(FILE, 'Abbruch.pdf')
    const { id } = (await up.json()) as { id: string }
    const blobs = ctx.runtime.blobs
    const opened: Readable[] = []
    ctx.runtime.blobs = { ...blobs, get: async (name, range) => (opened.push(await blobs.get(name, range)), opened.at(-1)!) }
    try {
      const abort = new AbortController()
      const res = await fetch(`${base}/functions/v1/documents/${id}/file`, { headers: { cookie }, signal: abort.signal })
      const reader = res.body!.getReader()
      await reader.read()
      abort.abort()
      const body = opened.at(-1)!
      for (let i = 0; i < 100 && !body.destroyed; i++) await new Promise((r) => setTimeout(r, 20))
      expect(body.destroyed).toBe(true)
    } finally {
      ctx.runtime.blobs = blobs
    }
  })

  it('stores nothing in the bucket for a refused upload (over the size limit)', async () => {
    const before = await keys(PORTAL_PREFIX)
    const up = await upload(Buffer.concat([FILE, FILE]))
    expect(up.status).toBe(413)
    expect(((await up.json()) as { code: string }).code).toBe('payload_too_large')
    expect(await keys(PORTAL_PREFIX)).toEqual(before)
    const [row] = await ctx.owner`select count(*)::int as n from public.document_versions`
    expect(row!.n).toBe(2)
  })
})
