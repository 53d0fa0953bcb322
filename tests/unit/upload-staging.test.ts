import { createCipheriv, randomBytes, randomUUID } from 'node:crypto'
import http from 'node:http'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chunksOwnedBy } from '../../functions/_shared/blob/lent-chunks.ts'
import { peekBody } from '../../functions/_shared/upload/body.ts'
import { newStagingKey, stagingArea, tusRequestOf, type StagingArea } from '../../functions/_shared/upload/staging.ts'

/**
 * The staging area of resumable uploads: appends at any offset (odd ones included) continue the
 * CTR keystream exactly where it stopped, so the staged file is the whole upload encrypted in one
 * go and reads back byte for byte; a body that breaks off keeps everything that arrived; the
 * request's chunks are freed (emptied) once staged only when they are the upload's own; the
 * staged file is read back as a stream whose chunks its reader owns.
 */
let root: string
let staging: StagingArea
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'portal-staging-'))
  staging = stagingArea(root)
})
afterAll(() => rm(root, { recursive: true, force: true }))

/** Chunks of the given sizes, each a buffer of its own (as Node's HTTP parser delivers them). */
const ownChunksOf = (bytes: Buffer, size: number) => {
  const chunks: Buffer[] = []
  for (let i = 0; i < bytes.length; i += size) {
    const chunk = Buffer.allocUnsafeSlow(Math.min(size, bytes.length - i))
    bytes.copy(chunk, 0, i)
    chunks.push(chunk)
  }
  return chunks
}
const collect = async (stream: Readable) => {
  const parts: Buffer[] = []
  for await (const part of stream) parts.push(part as Buffer)
  return Buffer.concat(parts)
}
const ctrOfWhole = (key: ReturnType<typeof newStagingKey>, plain: Buffer) => createCipheriv('aes-256-ctr', key.key, key.iv).update(plain)

async function staged(bytes: Buffer, cuts: number[], chunkSize: number, ownsChunks = false) {
  const id = randomUUID()
  const key = newStagingKey()
  await staging.create(id)
  let offset = 0
  for (const cut of [...cuts, bytes.length]) {
    offset = await staging.append(id, key, offset, Readable.from(ownChunksOf(bytes.subarray(offset, cut), chunkSize)), { ownsChunks })
    expect(offset).toBe(cut)
    expect(await staging.size(id)).toBe(cut)
  }
  return { id, key }
}

describe('staging area', () => {
  it('resumes at odd offsets: the staged file is the upload encrypted in one go and reads back byte for byte', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 4099)
    // Cuts inside a CTR block, on block edges, inside and across the 1 MiB batches.
    const cuts = [1, 15, 16, 17, 4113, 1024 * 1024 - 1, 1024 * 1024 + 33, 2 * 1024 * 1024 + 5]
    for (const chunkSize of [7777, 65536, 2 * 1024 * 1024]) {
      const { id, key } = await staged(bytes, cuts, chunkSize)
      const onDisk = await readFile(path.join(root, `${id}.staged`))
      expect(onDisk.equals(ctrOfWhole(key, bytes))).toBe(true)
      // No plaintext on disk: not even a 64-byte stretch of it.
      expect(onDisk.includes(bytes.subarray(1000, 1064))).toBe(false)
      expect((await collect(staging.read(id, key))).equals(bytes)).toBe(true)
      await staging.remove(id)
    }
  })

  it('a body that breaks off keeps every byte that arrived, also less than a batch; the upload resumes there', async () => {
    const bytes = randomBytes(2 * 1024 * 1024 + 300_001)
    const id = randomUUID()
    const key = newStagingKey()
    await staging.create(id)
    const arrived = 1024 * 1024 + 12_345
    const broken = new Readable({ read() {} })
    for (const chunk of ownChunksOf(bytes.subarray(0, arrived), 50_000)) broken.push(chunk)
    setTimeout(() => broken.destroy(new Error('client gone')), 20)
    expect(await staging.append(id, key, 0, broken)).toBe(arrived)
    expect(await staging.append(id, key, arrived, Readable.from(ownChunksOf(bytes.subarray(arrived), 65536)))).toBe(bytes.length)
    expect((await collect(staging.read(id, key))).equals(bytes)).toBe(true)
    await staging.remove(id)
  })

  it('a failing disk (the staged file is gone) is an error, not a short upload', async () => {
    const id = randomUUID()
    await staging.create(id)
    await staging.remove(id)
    await expect(staging.append(id, newStagingKey(), 0, Readable.from([randomBytes(1000)]))).rejects.toThrow()
  })

  it('frees the request chunks once staged only when they are owned; the file is whole either way', async () => {
    const bytes = randomBytes(1024 * 1024 + 77_777)
    for (const ownsChunks of [true, false]) {
      const chunks = ownChunksOf(bytes, 65536)
      const id = randomUUID()
      const key = newStagingKey()
      await staging.create(id)
      expect(await staging.append(id, key, 0, Readable.from(chunks), { ownsChunks })).toBe(bytes.length)
      if (ownsChunks) expect(chunks.every((chunk) => chunk.byteLength === 0)).toBe(true)
      else expect(Buffer.concat(chunks).equals(bytes)).toBe(true)
      expect((await collect(staging.read(id, key))).equals(bytes)).toBe(true)
      await staging.remove(id)
    }
  })

  it('reads the staged file back as a stream whose chunks its reader owns (each a buffer of its own)', async () => {
    const bytes = randomBytes(2 * 1024 * 1024 + 999)
    const { id, key } = await staged(bytes, [333_333], 65536)
    const stream = staging.read(id, key)
    expect(chunksOwnedBy(stream)).toBe(true)
    const buffers = new Set<ArrayBufferLike>()
    const parts: Buffer[] = []
    for await (const part of stream as AsyncIterable<Buffer>) {
      expect(part.byteOffset === 0 && part.byteLength === part.buffer.byteLength).toBe(true)
      expect(buffers.has(part.buffer)).toBe(false)
      buffers.add(part.buffer)
      parts.push(part)
    }
    expect(Buffer.concat(parts).equals(bytes)).toBe(true)
    // The upload path frees them after use: peekBody says so.
    expect((await peekBody(staging.read(id, key) as unknown as ReadableStream<Uint8Array>, 100)).owned).toBe(true)
    expect(chunksOwnedBy(Readable.from([bytes]))).toBe(false)
    await staging.remove(id)
  })
})

describe('tusRequestOf', () => {
  let server: http.Server
  let base: string
  let seen: Promise<{ ownsBody: boolean; same: boolean; bytes: Buffer; chunks: number; ownBuffers: number }>
  beforeAll(async () => {
    server = http.createServer((incoming, res) => {
      seen = (async () => {
        const raw = new Request(`http://127.0.0.1${incoming.url}`, { method: incoming.method, headers: incoming.headers as Record<string, string> })
        const { request, ownsBody } = tusRequestOf(raw, incoming)
        const parts: Buffer[] = []
        let ownBuffers = 0
        if (request.body)
          for await (const part of Readable.fromWeb(request.body as import('node:stream/web').ReadableStream<Uint8Array>) as AsyncIterable<Buffer>) {
            parts.push(part)
            if (part.byteOffset === 0 && part.byteLength === part.buffer.byteLength) ownBuffers++
          }
        res.end()
        return { ownsBody, same: request === raw, bytes: Buffer.concat(parts), chunks: parts.length, ownBuffers }
      })()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  const send = (method: string, body?: Buffer) =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(`${base}/upload`, { method, headers: body ? { 'content-length': String(body.length) } : {} }, (res) => res.resume().once('end', resolve))
      req.once('error', reject)
      if (body) for (let i = 0; i < body.length; i += 100_000) req.write(body.subarray(i, i + 100_000))
      req.end()
    })

  it("hands tus a PATCH body straight from Node's request, every chunk a buffer of its own, and says it is owned", async () => {
    const body = randomBytes(2 * 1024 * 1024 + 5)
    await send('PATCH', body)
    const got = await seen
    expect(got.ownsBody).toBe(true)
    expect(got.same).toBe(false)
    expect(got.bytes.equals(body)).toBe(true)
    expect(got.chunks).toBeGreaterThan(10)
    expect(got.ownBuffers).toBe(got.chunks)
  })

  it('leaves requests without a body (HEAD, DELETE, an empty POST) as they are, not owned', async () => {
    for (const method of ['HEAD', 'DELETE', 'POST']) {
      await send(method)
      const got = await seen
      expect(got).toMatchObject({ ownsBody: false, same: true, chunks: 0 })
    }
    // Without Node's request (Deno): the web request as it is.
    const raw = new Request('http://x/', { method: 'PATCH', body: 'abc' })
    expect(tusRequestOf(raw, undefined)).toEqual({ request: raw, ownsBody: false })
  })
})
