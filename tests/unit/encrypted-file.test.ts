import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHUNK, encryptedSize } from '../../functions/_shared/blob/chunk-cipher.ts'
import { activeCryptoWorkerJobs, cryptoWorkerMode, setCryptoWorkerMode, type CryptoWorkerMode } from '../../functions/_shared/blob/crypto-worker.ts'
import { CorruptFileError, readEncryptedFile, rewrapKey, TooLargeError, writeEncryptedFile, type StoredFile } from '../../functions/_shared/blob/encrypted-file.ts'
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
const modes: CryptoWorkerMode[] = ['off', 'upload', 'full']

// Every behaviour with the work on the event loop, with uploads on the crypto worker, and with
// uploads and downloads on it.
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

  // Sizes around the worker's batches of 16 chunks and around single chunks.
  it.each([0, 5, CHUNK, 16 * CHUNK - 1, 16 * CHUNK, 16 * CHUNK + 1, 33 * CHUNK + 17])('%i bytes written in each mode open in every mode', async (n) => {
    const plain = randomBytes(n)
    for (const writer of modes) {
      setCryptoWorkerMode(writer)
      const file = await writeEncryptedFile(store, master, source(plain), 40 * CHUNK)
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

  it('a download abandoned midway releases the store stream and the worker job', async () => {
    setCryptoWorkerMode('full')
    const file = await writeEncryptedFile(store, master, source(randomBytes(40 * CHUNK)), 40 * CHUNK)
    const body = await readEncryptedFile(store, master, file)
    const first = await new Promise<Buffer>((resolve) => body.once('data', resolve))
    expect(first.length).toBeGreaterThan(0)
    expect(activeCryptoWorkerJobs()).toBe(1)
    body.destroy()
    await new Promise((resolve) => body.once('close', resolve))
    expect(activeCryptoWorkerJobs()).toBe(0)
    // A second, complete read afterwards still works (the worker is not stuck on the first).
    expect((await collect(await readEncryptedFile(store, master, file))).length).toBe(40 * CHUNK)
  })
})
