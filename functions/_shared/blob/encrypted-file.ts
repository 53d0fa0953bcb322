import { createHash, randomBytes, randomUUID, type Hash } from 'node:crypto'
import { PassThrough, Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { open as unwrap, seal as wrap } from '../crypto.ts'
import { DecryptStream, EncryptStream, HEADER, TAG, encryptedSize, openChunk, parseHeader } from './chunk-cipher.ts'
import { workerSealStream } from './crypto-worker.ts'
import { freeNow, lend } from './lent-chunks.ts'
import type { BlobReader, BlobStore } from './store.ts'

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
 * wrapped by the master key. Memory stays at a few batches whatever the size. On any failure
 * (too large, client gone, store error) the partial blob is removed. ownsChunks: body's chunks
 * are referenced by nothing else (a Node request body read by this upload alone), so they may be
 * freed as soon as they are copied (crypto-worker.ts).
 */
export async function writeEncryptedFile(store: BlobStore, masterKey: Buffer, body: Readable, maxBytes: number, options: { ownsChunks?: boolean } = {}): Promise<StoredFile> {
  const key = randomBytes(32)
  const blobName = randomUUID()
  // Hashing and encryption on the crypto worker (crypto-worker.ts) where it runs, else here.
  const tooLarge = () => new TooLargeError(maxBytes)
  const sealer = workerSealStream(key, randomBytes(8), maxBytes, tooLarge, options.ownsChunks === true)
  const measure = sealer ? undefined : new Measure(maxBytes)
  const encrypted = sealer ?? new EncryptStream(key)
  // The store may start reading a little later; an early error must wait for it, not crash.
  encrypted.on('error', () => {})
  const flowing = (sealer ? pipeline(body, sealer) : pipeline(body, measure!, encrypted)).catch((err: Error) => err)
  try {
    await store.put(blobName, encrypted)
  } catch (err) {
    await store.delete(blobName)
    const cause = await flowing
    throw cause instanceof TooLargeError ? cause : ((sealer ?? measure)!.errored ?? err)
  }
  const measured = sealer?.result ?? { size: measure!.size, sha256: measure!.hash.digest('hex') }
  return { blobName, wrappedKey: wrap(masterKey, 'file-key', key), size: measured.size, sha256: measured.sha256 }
}

/**
 * Opens a stored file (optionally only bytes [start, end] of the plaintext) as a plaintext
 * stream. A whole-file read verifies the SHA-256 at the end and errors with CorruptFileError on a
 * mismatch; every chunk is authenticated, so tampering also errors a range read. The chunk size
 * comes from the blob's header (chunk-cipher.ts), so files of every format open.
 */
export async function readEncryptedFile(store: BlobStore, masterKey: Buffer, file: StoredFile, range?: { start: number; end: number }): Promise<Readable> {
  const key = unwrap(masterKey, 'file-key', file.wrappedKey)
  const stored = await store.size(file.blobName)
  if (stored === undefined || stored < HEADER) throw new CorruptFileError('stored size does not match')
  const reader = await store.openReader?.(file.blobName)
  let header: Buffer
  try {
    header = reader ? await readHeader(reader) : await readAll(await store.get(file.blobName, { start: 0, end: HEADER - 1 }))
  } catch (err) {
    await reader?.close()
    throw err
  }
  let format: ReturnType<typeof parseHeader>
  try {
    format = parseHeader(header)
    if (stored !== encryptedSize(file.size, format.chunk)) throw new CorruptFileError('stored size does not match')
  } catch (err) {
    await reader?.close()
    throw err instanceof CorruptFileError ? err : new CorruptFileError((err as Error).message)
  }
  const { prefix, chunk } = format
  const totalChunks = Math.max(1, Math.ceil(file.size / chunk))
  const start = range?.start ?? 0
  const end = range?.end ?? file.size - 1
  const firstChunk = Math.floor(start / chunk)
  const lastChunk = file.size === 0 ? 0 : Math.floor(end / chunk)
  const want = file.size === 0 ? 0 : end - start + 1
  const skip = start - firstChunk * chunk
  const hash = range ? undefined : createHash('sha256')
  const failed = () => new CorruptFileError('the stored file failed authentication')
  const cipherStart = HEADER + firstChunk * (chunk + TAG)
  const cipherEnd = Math.min(stored - 1, HEADER + (lastChunk + 1) * (chunk + TAG) - 1)
  if (reader) return new SealedFileReader({ reader, key, prefix, chunk, firstChunk, lastChunk, totalChunks, cipherBytes: cipherEnd - cipherStart + 1, skip, want, hash, expected: file.sha256, failed })

  const source = await store.get(file.blobName, { start: cipherStart, end: cipherEnd })
  const decrypt = new DecryptStream(key, prefix, firstChunk, totalChunks, chunk)
  source.once('error', (err) => decrypt.destroy(err))
  const plain = source.pipe(decrypt)
  const out = new PassThrough()
  // A reader that goes away (an aborted download) releases the store's stream, which for an S3
  // store holds a pooled connection; a paused stream would keep it forever.
  out.once('close', () => {
    if (!source.readableEnded) source.destroy()
  })
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

/** Sealed chunks read per batch. */
const READ_CHUNKS = 4

type SealedFileReaderOptions = {
  reader: BlobReader
  key: Buffer
  prefix: Buffer
  chunk: number
  firstChunk: number
  lastChunk: number
  totalChunks: number
  /** Sealed bytes of chunks firstChunk … lastChunk. */
  cipherBytes: number
  /** Plaintext bytes to drop from the first chunk, and how many to deliver. */
  skip: number
  want: number
  /** Whole files: the plaintext's SHA-256 is checked against expected at the end. */
  hash?: Hash
  expected: string
  failed: () => Error
}

/**
 * The plaintext of chunks firstChunk … lastChunk of a blob read with positional reads: batches of
 * sealed chunks go into two buffers used in turn for the whole file (the next batch is read
 * while this one is opened), each chunk is opened and hashed here, its plaintext pushed. Only the
 * plaintexts are new memory; a consumer that gives them back (lent-chunks.ts) frees them at once.
 */
class SealedFileReader extends Readable {
  private readonly o: SealedFileReaderOptions
  private readonly buffers: (Buffer | undefined)[] = []
  private readonly batchBytes: number
  private next: Promise<{ buffer: Buffer; bytes: number; chunks: number }> | undefined
  private index: number
  private sent = 0
  private busy = false

  constructor(options: SealedFileReaderOptions) {
    super({ highWaterMark: 4 * options.chunk })
    this.o = options
    this.index = options.firstChunk
    // Small files and ranges get buffers of their size; a second buffer only where a second batch follows.
    this.batchBytes = Math.min(READ_CHUNKS * (options.chunk + TAG), options.cipherBytes)
    this.next = this.readBatch(this.index, 0)
  }

  /** Reads the sealed chunks from index on (at most a batch) into buffer `slot`. */
  private async readBatch(index: number, slot: number) {
    const { chunk, lastChunk } = this.o
    const chunks = Math.min(READ_CHUNKS, lastChunk - index + 1)
    const buffer = (this.buffers[slot] ??= Buffer.allocUnsafeSlow(this.batchBytes))
    const bytes = await this.o.reader.read(buffer.subarray(0, chunks * (chunk + TAG)), HEADER + index * (chunk + TAG))
    return { buffer, bytes, chunks }
  }

  override _read() {
    if (this.busy || !this.next) return
    this.busy = true
    const pending = this.next
    this.next = undefined
    pending.then(
      (batch) => this.deliver(batch),
      // An unreadable blob is refused like a damaged one (as the stream path does).
      () => this.destroy(this.o.failed()),
    )
  }

  private deliver({ buffer, bytes, chunks }: { buffer: Buffer; bytes: number; chunks: number }) {
    this.busy = false
    if (this.destroyed) return
    const { chunk, lastChunk, totalChunks, key, prefix, hash, want } = this.o
    const sealed = chunk + TAG
    const first = this.index
    this.index += chunks
    // Read ahead into the other buffer while this one is opened (it is free again right after:
    // opening copies the plaintext out).
    if (this.index <= lastChunk) this.next = this.readBatch(this.index, this.buffers[0] === buffer ? 1 : 0)
    let more = true
    try {
      for (let i = 0; i < chunks; i++) {
        const index = first + i
        const last = index === totalChunks - 1
        const from = i * sealed
        const to = last ? bytes : from + sealed
        if (bytes < to || to - from < TAG) throw this.o.failed()
        const plain = openChunk(key, prefix, index, last, buffer.subarray(from, to))
        const drop = index === this.o.firstChunk ? this.o.skip : 0
        const part = plain.subarray(drop, drop + (want - this.sent))
        if (!part.length) continue
        hash?.update(part)
        this.sent += part.length
        // Lent: a consumer that knows when the bytes are gone (the direct file response,
        // upload/body.ts) gives the chunk back and its memory is freed at once.
        more = this.push(lend(part, () => freeNow(plain)))
      }
    } catch {
      return void this.destroy(this.o.failed())
    }
    if (this.index > lastChunk || this.sent >= want) {
      if (hash && hash.digest('hex') !== this.o.expected) return void this.destroy(new CorruptFileError('checksum mismatch'))
      this.next = undefined
      return void this.push(null)
    }
    if (more) this._read()
  }

  override _destroy(err: Error | null, done: (err?: Error | null) => void) {
    const pending = this.next
    this.next = undefined
    // A read still on its way finishes before the file is closed.
    void (pending ?? Promise.resolve())
      .catch(() => {})
      .then(() => this.o.reader.close())
      .catch(() => {})
      .then(() => done(err))
  }
}

/** Rewraps a file key from the old master key to the new one (key rotation never re-encrypts). */
export function rewrapKey(oldMaster: Buffer, newMaster: Buffer, wrappedKey: Buffer): Buffer {
  return wrap(newMaster, 'file-key', unwrap(oldMaster, 'file-key', wrappedKey))
}

async function readHeader(reader: BlobReader): Promise<Buffer> {
  const header = Buffer.alloc(HEADER)
  const bytes = await reader.read(header, 0)
  return header.subarray(0, bytes)
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const part of stream) parts.push(part as Buffer)
  return Buffer.concat(parts)
}
