import { createCipheriv, createDecipheriv, randomBytes, type Cipher } from 'node:crypto'
import { mkdir, open, rm, stat, type FileHandle } from 'node:fs/promises'
import type { IncomingMessage } from 'node:http'
import path from 'node:path'
import { finished, Readable } from 'node:stream'
import { ReadableStream } from 'node:stream/web'
import { freeNow, ownChunks } from '../blob/lent-chunks.ts'

/**
 * The staging area of resumable uploads (the documents tus endpoint and the guests of upload
 * links): the bytes received so far, encrypted with AES-256-CTR under a per-upload key. CTR is a
 * stream cipher whose keystream can start at any byte, so a resumed upload appends at whatever
 * offset the last request reached, and a crash leaves a readable prefix (its length is the
 * upload's offset). No plaintext touches the disk. The
 * staging copy has no authentication tag: the finished file is checked and re-encrypted with the
 * authenticated chunk format when it becomes a document, and its checksum is taken then.
 *
 * Memory: a request body's chunks are gathered into one reused buffer and encrypted a batch at a
 * time; each batch's ciphertext (the cipher's one allocation) is written at its position and
 * freed as soon as it is on disk, and so are the request's own chunks once copied (ownsChunks).
 * The final read decrypts out of one reused buffer into chunks that belong to the reader alone.
 * Left to the collector, the thousands of buffers of a large upload forced full garbage
 * collections (tests/bench/file-transfer.bench.ts, BENCH_FILE_TUS=1).
 */
export type StagingKey = { key: Buffer; iv: Buffer }

const BLOCK = 16
const VALID_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export const newStagingKey = (): StagingKey => ({ key: randomBytes(32), iv: randomBytes(BLOCK) })

/** The counter block for byte `offset`: iv + offset / 16, as a 128-bit big-endian number. */
function counterAt(iv: Buffer, offset: number): Buffer {
  const counter = Buffer.from(iv)
  let carry = BigInt(Math.floor(offset / BLOCK))
  for (let i = BLOCK - 1; i >= 0 && carry > 0n; i--) {
    const sum = BigInt(counter[i]!) + (carry & 0xffn)
    counter[i] = Number(sum & 0xffn)
    carry = (carry >> 8n) + (sum >> 8n)
  }
  return counter
}

/** The CTR cipher positioned at byte `offset` (en- and decryption are the same operation). */
function cipherAt({ key, iv }: StagingKey, offset: number, decrypt = false): Cipher {
  const cipher = (decrypt ? createDecipheriv : createCipheriv)('aes-256-ctr', key, counterAt(iv, offset))
  const skip = offset % BLOCK
  if (skip) cipher.update(Buffer.alloc(skip))
  return cipher
}

/** Plaintext gathered per encryption and bytes per read of the staged file. */
const BATCH = 1024 * 1024
/** Encrypted batches waiting for the disk before the body is paused. */
const QUEUED = 2

/**
 * Encrypts body into the file at offset: chunks are copied into one reused batch buffer (owned
 * ones freed right after), each full batch is encrypted in one go, and the ciphertexts are written
 * one after the other at their positions, each freed once written. The file is always a prefix
 * of the upload: a write starts only after the previous one is complete. Resolves once everything
 * received is on disk, also when the body broke off (client gone, limit reached); rejects only
 * when the disk fails.
 */
function encryptInto(handle: FileHandle, key: StagingKey, offset: number, body: Readable, ownsChunks: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const cipher = cipherAt(key, offset)
    const plain = Buffer.allocUnsafeSlow(BATCH)
    let filled = 0
    let position = offset
    const queue: Buffer[] = []
    let writing = false
    let ended = false
    let failed = false
    const seal = () => {
      if (!filled) return
      queue.push(cipher.update(plain.subarray(0, filled)))
      filled = 0
    }
    const write = async (sealed: Buffer) => {
      let done = 0
      // A short write (disk full) goes on with the rest; an error rejects.
      while (done < sealed.length) {
        const { bytesWritten } = await handle.write(sealed, done, sealed.length - done, position + done)
        if (bytesWritten === 0) throw new Error('the disk took no more bytes')
        done += bytesWritten
      }
      position += done
      freeNow(sealed)
    }
    const next = () => {
      if (writing || failed) return
      const sealed = queue.shift()
      if (!sealed) return void (ended && resolve())
      writing = true
      write(sealed).then(
        () => {
          writing = false
          if (body.isPaused() && !ended && queue.length < QUEUED) body.resume()
          next()
        },
        (err: Error) => {
          failed = true
          body.destroy()
          reject(err)
        },
      )
    }
    body.on('data', (chunk: Buffer) => {
      for (let at = 0; at < chunk.length; ) {
        const n = chunk.copy(plain, filled, at)
        filled += n
        at += n
        if (filled === BATCH) seal()
      }
      if (ownsChunks) freeNow(chunk)
      if (queue.length >= QUEUED) body.pause()
      next()
    })
    // Also for a body that failed before we got here: what arrived is kept all the same.
    finished(body, { writable: false }, () => {
      if (ended) return
      ended = true
      seal()
      next()
    })
  })
}

/**
 * The staged file decrypted, read into one reused buffer: every chunk is the decipher's fresh
 * output, referenced by nothing but the reader (ownChunks), which may free it after use.
 */
class StagedReader extends Readable {
  private handle: FileHandle | undefined
  private readonly buffer = Buffer.allocUnsafeSlow(BATCH)
  private readonly decipher: Cipher
  private position = 0

  constructor(
    private readonly file: string,
    key: StagingKey,
  ) {
    super({ highWaterMark: 2 * BATCH })
    this.decipher = cipherAt(key, 0, true)
  }

  override _construct(done: (err?: Error | null) => void) {
    open(this.file, 'r').then(
      (handle) => {
        this.handle = handle
        done()
      },
      (err: Error) => done(err),
    )
  }

  override _read() {
    this.handle!.read(this.buffer, 0, BATCH, this.position).then(
      ({ bytesRead }) => {
        if (bytesRead === 0) return void this.push(null)
        this.position += bytesRead
        this.push(this.decipher.update(this.buffer.subarray(0, bytesRead)))
      },
      (err: Error) => this.destroy(err),
    )
  }

  override _destroy(err: Error | null, done: (err?: Error | null) => void) {
    const handle = this.handle
    this.handle = undefined
    if (!handle) return done(err)
    handle.close().then(
      () => done(err),
      () => done(err),
    )
  }
}

/**
 * The web request tus should read: under Node the request's body straight from Node's stream,
 * chunk for chunk (a web stream over the IncomingMessage, which Readable.toWeb would copy chunk
 * by chunk), with ownsBody true: every chunk is a buffer of its own that tus hands to the store
 * unchanged and nothing else reads, so the staging area may free it once copied. Elsewhere (Deno),
 * or for a request without a body, the request as it is.
 */
export function tusRequestOf(raw: Request, incoming: IncomingMessage | undefined): { request: Request; ownsBody: boolean } {
  const hasBody = incoming && (raw.method === 'PATCH' || raw.method === 'POST') && (incoming.headers['transfer-encoding'] || Number(incoming.headers['content-length'] ?? 0) > 0)
  if (!hasBody) return { request: raw, ownsBody: false }
  const body = ReadableStream.from(incoming as AsyncIterable<Uint8Array>) as unknown as globalThis.ReadableStream<Uint8Array>
  return { request: new Request(raw.url, { method: raw.method, headers: raw.headers, body, duplex: 'half' } as RequestInit), ownsBody: true }
}

export function stagingArea(root: string) {
  const fileOf = (id: string) => {
    if (!VALID_ID.test(id)) throw new Error('invalid upload id')
    return path.join(root, `${id}.staged`)
  }
  return {
    root,
    async create(id: string) {
      await mkdir(root, { recursive: true, mode: 0o700 })
      const handle = await open(fileOf(id), 'wx', 0o600)
      await handle.close()
    },
    /** Bytes received so far (undefined: no staged file). */
    async size(id: string): Promise<number | undefined> {
      try {
        return (await stat(fileOf(id))).size
      } catch {
        return undefined
      }
    },
    /**
     * Appends the stream at `offset` (which must be the current size), encrypted; returns the new
     * size. A stream that ends early (client gone, limit reached) keeps what arrived: the upload
     * resumes there (a torn last write is a shorter prefix). A failing disk is an error.
     * ownsChunks: body's chunks are referenced by nothing else (tusRequestOf's ownsBody), so each
     * is freed (emptied) once copied.
     */
    async append(id: string, key: StagingKey, offset: number, body: Readable, options: { ownsChunks?: boolean } = {}): Promise<number> {
      const handle = await open(fileOf(id), 'r+')
      try {
        await encryptInto(handle, key, offset, body, options.ownsChunks === true)
      } finally {
        await handle.close()
      }
      return (await this.size(id)) ?? offset
    },
    /** The staged bytes, decrypted; its chunks are the reader's alone (ownChunks). */
    read(id: string, key: StagingKey): Readable {
      return ownChunks(new StagedReader(fileOf(id), key))
    },
    async remove(id: string) {
      await rm(fileOf(id), { force: true })
    },
  }
}
export type StagingArea = ReturnType<typeof stagingArea>
