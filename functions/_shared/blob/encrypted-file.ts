import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { PassThrough, Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { open as unwrap, seal as wrap } from '../crypto.ts'
import { CHUNK, DecryptStream, EncryptStream, HEADER, MAGIC, TAG, encryptedSize, parseHeader } from './chunk-cipher.ts'
import { workerOpenStream, workerSealStream } from './crypto-worker.ts'
import type { BlobStore } from './store.ts'

/** What the database keeps about a stored file body (never the key in clear). */
export type StoredFile = { blobName: string; wrappedKey: Buffer; size: number; sha256: string }

/** Thrown when a body exceeds the limit while it streams in (also for chunked requests). */
export class TooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the file exceeds ${limit} bytes`)
  }
}

/** Thrown when a stored body does not match its checksum or fails authentication. */
export class CorruptFileError extends Error {}

/** Counts bytes and hashes the plaintext on the way through; errors past maxBytes. */
class Measure extends Transform {
  readonly hash = createHash('sha256')
  size = 0
  constructor(private readonly maxBytes: number) {
    super()
  }
  override _transform(data: Buffer, _enc: BufferEncoding, done: (err?: Error | null, data?: Buffer) => void) {
    this.size += data.length
    if (this.size > this.maxBytes) return done(new TooLargeError(this.maxBytes))
    this.hash.update(data)
    done(null, data)
  }
}

/**
 * Streams a plaintext into the store encrypted under a fresh per-file key, which comes back
 * wrapped by the master key. Memory stays at a few chunks whatever the size. On any failure
 * (too large, client gone, store error) the partial blob is removed.
 */
export async function writeEncryptedFile(store: BlobStore, masterKey: Buffer, body: Readable, maxBytes: number): Promise<StoredFile> {
  const key = randomBytes(32)
  const blobName = randomUUID()
  const encrypted = new PassThrough()
  // The store may start reading a little later; an early error must wait for it, not crash.
  encrypted.on('error', () => {})
  // Hashing and encryption on the crypto worker (crypto-worker.ts) where it runs, else here.
  const prefix = randomBytes(8)
  const tooLarge = () => new TooLargeError(maxBytes)
  const sealer = workerSealStream(key, prefix, maxBytes, tooLarge)
  const measure = sealer ? undefined : new Measure(maxBytes)
  if (sealer) encrypted.write(Buffer.concat([MAGIC, prefix]))
  const flowing = (sealer ? pipeline(body, sealer, encrypted) : pipeline(body, measure!, new EncryptStream(key), encrypted)).catch((err: Error) => err)
  try {
    await store.put(blobName, encrypted)
  } catch (err) {
    await store.delete(blobName)
    const cause = await flowing
    throw cause instanceof TooLargeError ? cause : ((sealer ?? measure)!.errored ?? err)
  }
  const measured = sealer?.result ?? { size: measure!.size, sha256: measure!.hash.digest('hex') }
  return { blobName, wrappedKey: wrap(masterKey, 'file-key', key), size: measured.size, sha256: measured.sha256! }
}

/**
 * Opens a stored file (optionally only bytes [start, end] of the plaintext) as a plaintext
 * stream. A whole-file read verifies the SHA-256 at the end and errors with CorruptFileError on a
 * mismatch; every chunk is authenticated, so tampering also errors a range read.
 */
export async function readEncryptedFile(store: BlobStore, masterKey: Buffer, file: StoredFile, range?: { start: number; end: number }): Promise<Readable> {
  const key = unwrap(masterKey, 'file-key', file.wrappedKey)
  const stored = await store.size(file.blobName)
  if (stored !== encryptedSize(file.size)) throw new CorruptFileError('stored size does not match')
  const header = await readAll(await store.get(file.blobName, { start: 0, end: HEADER - 1 }))
  const prefix = parseHeader(header)
  const totalChunks = Math.max(1, Math.ceil(file.size / CHUNK))
  const start = range?.start ?? 0
  const end = range?.end ?? file.size - 1
  const firstChunk = Math.floor(start / CHUNK)
  const lastChunk = file.size === 0 ? 0 : Math.floor(end / CHUNK)
  const cipherStart = HEADER + firstChunk * (CHUNK + TAG)
  const cipherEnd = Math.min(stored - 1, HEADER + (lastChunk + 1) * (CHUNK + TAG) - 1)
  const source = await store.get(file.blobName, { start: cipherStart, end: cipherEnd })
  const failed = () => new CorruptFileError('the stored file failed authentication')
  // A whole file: decryption and the checksum on the crypto worker where it runs.
  const verify = (sha256: string) => (sha256 === file.sha256 ? undefined : new CorruptFileError('checksum mismatch'))
  const opener = range ? undefined : workerOpenStream(key, prefix, totalChunks, failed, verify)
  if (opener) {
    source.once('error', () => opener.destroy(failed()))
    // A reader that goes away (an aborted download) releases the store's stream (see below).
    opener.once('close', () => {
      if (!source.readableEnded) source.destroy()
    })
    return source.pipe(opener)
  }
  const decrypt = new DecryptStream(key, prefix, firstChunk, totalChunks)
  source.once('error', (err) => decrypt.destroy(err))
  const plain = source.pipe(decrypt)
  const out = new PassThrough()
  // A reader that goes away (an aborted download) releases the store's stream, which for an S3
  // store holds a pooled connection; a paused stream would keep it forever.
  out.once('close', () => {
    if (!source.readableEnded) source.destroy()
  })
  const skip = start - firstChunk * CHUNK
  const want = file.size === 0 ? 0 : end - start + 1
  const hash = range ? undefined : createHash('sha256')
  let seen = 0
  let sent = 0
  plain.on('data', (data: Buffer) => {
    const from = Math.max(0, skip - seen)
    seen += data.length
    const part = data.subarray(from, from + (want - sent))
    if (part.length) {
      hash?.update(part)
      sent += part.length
      if (!out.write(part)) plain.pause()
    }
  })
  out.on('drain', () => plain.resume())
  plain.once('error', () => out.destroy(failed()))
  plain.once('end', () => {
    if (hash && hash.digest('hex') !== file.sha256) out.destroy(new CorruptFileError('checksum mismatch'))
    else out.end()
  })
  return out
}

/** Rewraps a file key from the old master key to the new one (key rotation never re-encrypts). */
export function rewrapKey(oldMaster: Buffer, newMaster: Buffer, wrappedKey: Buffer): Buffer {
  return wrap(newMaster, 'file-key', unwrap(oldMaster, 'file-key', wrappedKey))
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const part of stream) parts.push(part as Buffer)
  return Buffer.concat(parts)
}

