import { createCipheriv, createHash, randomBytes, randomUUID } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHUNK, encryptedSize, LEGACY_CHUNK } from '../../functions/_shared/blob/chunk-cipher.ts'
import { activeCryptoWorkerJobs, cryptoWorkerMode, setCryptoWorkerMode, type CryptoWorkerMode } from '../../functions/_shared/blob/crypto-worker.ts'
import { CorruptFileError, readEncryptedFile, rewrapKey, TooLargeError, writeEncryptedFile, type StoredFile } from '../../functions/_shared/blob/encrypted-file.ts'
import { seal as wrap } from '../../functions/_shared/crypto.ts'
import { localDiskStore, type BlobStore } from '../../functions/_shared/blob/store.ts'

let root: string
let store: BlobStore
const master = randomBytes(32)
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'portal-blobs-'))
  store = localDiskStore(root)
})
afterAll(() => rm(root, { recursive: true, force: true }))

/** A stream that delivers the bytes in awkward pieces, like a network would. */
const source = (bytes: Buffer) => Readable.from((function* () {
  for (let i = 0; i < bytes.length; i += 7777) yield bytes.subarray(i, i + 7777)
})())
const collect = async (stream: Readable) => {
  const parts: Buffer[] = []
  for await (const p of stream) parts.push(p as Buffer)
  return Buffer.concat(parts)
}
const blobFile = (file: StoredFile) => path.join(root, file.blobName.slice(0, 2), file.blobName)

const productMode = cryptoWorkerMode()
const modes: CryptoWorkerMode[] = ['off', 'upload']

// Every behaviour with the work on the event loop and with uploads on the crypto worker.
describe.each(modes)('encrypted file bodies (crypto worker: %s)', (mode) => {
  beforeAll(() => setCryptoWorkerMode(mode))
  afterAll(() => setCryptoWorkerMode(productMode))

  it.each([0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 5])('round-trips %i bytes, stored encrypted', async (n) => {
    const plain = randomBytes(n)
    const file = await writeEncryptedFile(store, master, source(plain), 10 * CHUNK)
    expect(file.size).toBe(n)
    const onDisk = await readFile(blobFile(file))
    expect(onDisk.length).toBe(encryptedSize(n))
    if (n >= 16) expect(onDisk.includes(plain.subarray(0, 16))).toBe(false)
    expect((await collect(await readEncryptedFile(store, master, file))).equals(plain)).toBe(true)
  })

  it('reads any byte range, decrypting only the chunks it covers', async () => {
    const plain = randomBytes(3 * CHUNK + 123)
    const file = await writeEncryptedFile(store, master, source(plain), 10 * CHUNK)
    for (const [start, end] of [[0, 0], [5, 10], [CHUNK - 3, CHUNK + 3], [2 * CHUNK, 3 * CHUNK + 122], [3 * CHUNK + 122, 3 * CHUNK + 122]] as const) {
      const got = await collect(await readEncryptedFile(store, master, file, { start, end }))
      expect(got.equals(plain.subarray(start, end + 1))).toBe(true)
    }
  })

  it('stops a body over the limit while it streams and leaves nothing behind', async () => {
    const files = async () => (await readdir(root, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name).sort()
    const before = await files()
    await expect(writeEncryptedFile(store, master, source(randomBytes(2 * CHUNK)), CHUNK)).rejects.toBeInstanceOf(TooLargeError)
    expect(await files()).toEqual(before)
  })

  it('detects a flipped byte, a truncated blob, a wrong checksum and a wrong key', async () => {
    const plain = randomBytes(2 * CHUNK + 9)
    const file = await writeEncryptedFile(store, master, source(plain), 10 * CHUNK)
    const bytes = await readFile(blobFile(file))
    bytes[100] ^= 1
    await writeFile(blobFile(file), bytes)
    await expect(collect(await readEncryptedFile(store, master, file))).rejects.toBeInstanceOf(CorruptFileError)
    bytes[100] ^= 1
    await writeFile(blobFile(file), bytes.subarray(0, bytes.length - 1))
    await expect(readEncryptedFile(store, master, file)).rejects.toBeInstanceOf(CorruptFileError)
    await writeFile(blobFile(file), bytes)
    await expect(collect(await readEncryptedFile(store, master, { ...file, sha256: '0'.repeat(64) }))).rejects.toBeInstanceOf(CorruptFileError)
    await expect(readEncryptedFile(store, randomBytes(32), file)).rejects.toThrow()
  })

  it('opens old files after the master key was rotated (keys rewrapped, bodies untouched)', async () => {
    const plain = randomBytes(CHUNK + 1)
    const file = await writeEncryptedFile(store, master, source(plain), 10 * CHUNK)
    const newMaster = randomBytes(32)
    const rotated = { ...file, wrappedKey: rewrapKey(master, newMaster, file.wrappedKey) }
    expect((await collect(await readEncryptedFile(store, newMaster, rotated))).equals(plain)).toBe(true)
    await expect(readEncryptedFile(store, master, rotated)).rejects.toThrow()
  })

  it('refuses blob names that are not server-generated', async () => {
    await expect(store.get('../../etc/passwd')).rejects.toThrow(/invalid blob name/)
  })

  it('reports a corrupt body as CorruptFileError, never as plaintext', async () => {
    const file = await writeEncryptedFile(store, master, source(randomBytes(10)), CHUNK)
    await writeFile(blobFile(file), randomBytes(encryptedSize(10)))
    await expect(readEncryptedFile(store, master, file)).rejects.toThrow()
  })
})

describe('crypto worker and event loop write the same format', () => {
  afterAll(() => setCryptoWorkerMode(productMode))

  // Sizes around the worker's batches of 4 chunks and around single chunks.
  it.each([0, 5, CHUNK, 4 * CHUNK - 1, 4 * CHUNK, 4 * CHUNK + 1, 9 * CHUNK + 17])('%i bytes written in each mode open in every mode', async (n) => {
    const plain = randomBytes(n)
    for (const writer of modes) {
      setCryptoWorkerMode(writer)
      const file = await writeEncryptedFile(store, master, source(plain), 10 * CHUNK)
      expect(file.size).toBe(n)
      expect(file.sha256).toBe(createHash('sha256').update(plain).digest('hex'))
      expect((await readFile(blobFile(file))).length).toBe(encryptedSize(n))
      for (const reader of modes) {
        setCryptoWorkerMode(reader)
        expect((await collect(await readEncryptedFile(store, master, file))).equals(plain), `${writer} → ${reader}`).toBe(true)
        const start = Math.floor(n / 3)
        if (n) expect((await collect(await readEncryptedFile(store, master, file, { start, end: n - 1 }))).equals(plain.subarray(start))).toBe(true)
      }
      await store.delete(file.blobName)
    }
  })

  it('an upload abandoned midway leaves no blob and no worker job; a download abandoned midway closes the file', async () => {
    setCryptoWorkerMode('upload')
    const files = async () => (await readdir(root, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name).sort()
    const before = await files()
    const body = new Readable({ read() {} })
    body.push(randomBytes(6 * CHUNK))
    const writing = writeEncryptedFile(store, master, body, 40 * CHUNK)
    await new Promise((resolve) => setTimeout(resolve, 50))
    body.destroy(new Error('client gone'))
    await expect(writing).rejects.toThrow('client gone')
    expect(activeCryptoWorkerJobs()).toBe(0)
    expect(await files()).toEqual(before)

    const file = await writeEncryptedFile(store, master, source(randomBytes(12 * CHUNK)), 40 * CHUNK)
    const download = await readEncryptedFile(store, master, file)
    const first = await new Promise<Buffer>((resolve) => download.once('data', resolve))
    expect(first.length).toBeGreaterThan(0)
    download.destroy()
    await new Promise((resolve) => download.once('close', resolve))
    // The file can be removed and read again (nothing holds it half-open in a broken state).
    expect((await collect(await readEncryptedFile(store, master, file))).length).toBe(12 * CHUNK)
    await store.delete(file.blobName)
  })
})

/**
 * Request bodies under Node arrive as buffers of their own (the HTTP parser copies every piece);
 * an upload that owns its body frees each piece right after copying it into a batch, so a
 * gigabyte of them never piles up for the collector (crypto-worker.ts). A body it does not own
 * (one that is also sent to clamd, or any other stream) must come out untouched.
 */
describe('chunks of an owned body are freed once copied, others are left alone', () => {
  afterAll(() => setCryptoWorkerMode(productMode))
  const plain = randomBytes(5 * CHUNK + 12345)
  // 64 KiB pieces, each with an ArrayBuffer of its own, as Node's request bodies come.
  const pieces = () => Array.from({ length: Math.ceil(plain.length / 65536) }, (_, i) => Buffer.from(plain.subarray(i * 65536, (i + 1) * 65536)))

  it('owned: every piece is emptied and the stored file is whole', async () => {
    setCryptoWorkerMode('upload')
    const owned = pieces()
    const file = await writeEncryptedFile(store, master, Readable.from(owned), 10 * CHUNK, { ownsChunks: true })
    expect(owned.map((piece) => piece.length)).toEqual(owned.map(() => 0))
    expect(file.sha256).toBe(createHash('sha256').update(plain).digest('hex'))
    expect((await collect(await readEncryptedFile(store, master, file))).equals(plain)).toBe(true)
    await store.delete(file.blobName)
  })

  it.each(modes)('not owned (crypto worker: %s): every piece keeps its bytes', async (mode) => {
    setCryptoWorkerMode(mode)
    const kept = pieces()
    const file = await writeEncryptedFile(store, master, Readable.from(kept), 10 * CHUNK)
    expect(Buffer.concat(kept).equals(plain)).toBe(true)
    expect((await collect(await readEncryptedFile(store, master, file))).equals(plain)).toBe(true)
    await store.delete(file.blobName)
  })
})

/**
 * The first format (KMP1: 64 KiB chunks), written here by an independent implementation of its
 * definition (chunk-cipher.ts), as files stored before the switch to KMP2 are: they must open,
 * whole and in ranges, and fail on tampering, for good.
 */
describe('files in the KMP1 format (64 KiB chunks) still open', () => {
  afterAll(() => setCryptoWorkerMode(productMode))

  async function storeKmp1(plain: Buffer): Promise<StoredFile> {
    const key = randomBytes(32)
    const prefix = randomBytes(8)
    const parts = [Buffer.from('KMP1'), prefix]
    const chunks = Math.max(1, Math.ceil(plain.length / LEGACY_CHUNK))
    for (let i = 0; i < chunks; i++) {
      const nonce = Buffer.concat([prefix, Buffer.from([i >>> 24, (i >>> 16) & 255, (i >>> 8) & 255, i & 255])])
      const cipher = createCipheriv('aes-256-gcm', key, nonce)
      cipher.setAAD(Buffer.concat([nonce.subarray(8), Buffer.from([i === chunks - 1 ? 1 : 0])]))
      parts.push(cipher.update(plain.subarray(i * LEGACY_CHUNK, (i + 1) * LEGACY_CHUNK)), cipher.final(), cipher.getAuthTag())
    }
    const blobName = randomUUID()
    await store.put(blobName, Readable.from([Buffer.concat(parts)]))
    return { blobName, wrappedKey: wrap(master, 'file-key', key), size: plain.length, sha256: createHash('sha256').update(plain).digest('hex') }
  }

  it.each([0, 1, LEGACY_CHUNK, 5 * LEGACY_CHUNK + 3, 40 * LEGACY_CHUNK + 1])('%i bytes', async (n) => {
    const plain = randomBytes(n)
    const file = await storeKmp1(plain)
    expect((await readFile(blobFile(file))).length).toBe(encryptedSize(n, LEGACY_CHUNK))
    expect((await collect(await readEncryptedFile(store, master, file))).equals(plain)).toBe(true)
    if (n > 2) {
      const [start, end] = [Math.floor(n / 3), n - 2]
      expect((await collect(await readEncryptedFile(store, master, file, { start, end }))).equals(plain.subarray(start, end + 1))).toBe(true)
    }
    // After a key rotation too.
    const newMaster = randomBytes(32)
    expect((await collect(await readEncryptedFile(store, newMaster, { ...file, wrappedKey: rewrapKey(master, newMaster, file.wrappedKey) }))).equals(plain)).toBe(true)
    if (n) {
      const bytes = await readFile(blobFile(file))
      bytes[bytes.length - 20] ^= 1
      await writeFile(blobFile(file), bytes)
      await expect(collect(await readEncryptedFile(store, master, file))).rejects.toBeInstanceOf(CorruptFileError)
    }
    await store.delete(file.blobName)
  })
})
