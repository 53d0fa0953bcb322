import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { Transform, type TransformCallback } from 'node:stream'

/**
 * Streaming authenticated encryption for file bodies: AES-256-GCM over fixed-size chunks.
 *
 *   header  = magic (4 bytes) ‖ nonce prefix (8 bytes)                12 bytes
 *   chunk i = ciphertext(plaintext[i·C … +C]) ‖ tag                   ≤ C + 16 bytes
 *
 * The magic names the chunk size C, so every file records its own: "KMP1" = 64 KiB (files written
 * before the switch), "KMP2" = 256 KiB (every new file: a quarter of the cipher set-ups, tags and
 * stream hand-overs per byte; measured with tests/bench/file-transfer.bench.ts). Readers take C
 * from the header; both stay readable for good.
 *
 * Chunk i's nonce is the file's random 8-byte prefix ‖ i (4 bytes, big-endian), unique under a
 * per-file key. The additional data binds the index and whether the chunk is the last one, so
 * chunks cannot be reordered, dropped or the file truncated without the tag check failing.
 * Fixed sizes make every chunk addressable: a range read decrypts only the chunks it covers.
 */
export const TAG = 16
export const HEADER = 12

/** The formats: magic → chunk size. */
const FORMATS = new Map<string, number>([
  ['KMP1', 64 * 1024],
  ['KMP2', 256 * 1024],
])
/** What new files are written as. */
export const MAGIC = Buffer.from('KMP2')
export const CHUNK = FORMATS.get('KMP2')!
/** The chunk size of files written before KMP2. */
export const LEGACY_CHUNK = FORMATS.get('KMP1')!

export const aad = (index: number, last: boolean) => {
  const data = Buffer.alloc(5)
  data.writeUInt32BE(index, 0)
  data[4] = last ? 1 : 0
  return data
}
export const nonceFor = (prefix: Buffer, index: number) => {
  const nonce = Buffer.alloc(12)
  prefix.copy(nonce, 0)
  nonce.writeUInt32BE(index, 8)
  return nonce
}

/** Size on disk of a plaintext of n bytes in chunks of `chunk` (an empty file still has one, empty, chunk). */
export function encryptedSize(n: number, chunk = CHUNK): number {
  const chunks = Math.max(1, Math.ceil(n / chunk))
  return HEADER + n + chunks * TAG
}

/** Encrypts a plaintext stream chunk by chunk (the event-loop path; crypto-worker.ts is the usual one). */
export class EncryptStream extends Transform {
  private readonly prefix = randomBytes(8)
  private pending: Buffer[] = []
  private pendingBytes = 0
  private index = 0
  private headerSent = false

  constructor(private readonly key: Buffer) {
    super()
  }

  /** Pushes one sealed chunk: ciphertext, then tag (no concatenation: the writer batches them). */
  private seal(plain: Buffer, last: boolean) {
    const cipher = createCipheriv('aes-256-gcm', this.key, nonceFor(this.prefix, this.index))
    cipher.setAAD(aad(this.index, last))
    const body = cipher.update(plain)
    cipher.final()
    this.index++
    this.push(body)
    this.push(cipher.getAuthTag())
  }

  private header() {
    if (!this.headerSent) {
      this.headerSent = true
      this.push(Buffer.concat([MAGIC, this.prefix]))
    }
  }

  // Seals whole chunks straight out of the incoming data; only a chunk that straddles two
  // writes is copied together. At least one byte stays back: only at the end do we know
  // which chunk is the last.
  override _transform(data: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.header()
    if (this.pendingBytes + data.length <= CHUNK) {
      this.pending.push(data)
      this.pendingBytes += data.length
      return done()
    }
    let offset = 0
    if (this.pendingBytes) {
      offset = CHUNK - this.pendingBytes
      this.seal(Buffer.concat([...this.pending, data.subarray(0, offset)], CHUNK), false)
    }
    while (data.length - offset > CHUNK) {
      this.seal(data.subarray(offset, offset + CHUNK), false)
      offset += CHUNK
    }
    this.pending = [data.subarray(offset)]
    this.pendingBytes = data.length - offset
    done()
  }

  override _flush(done: TransformCallback) {
    this.header()
    this.seal(Buffer.concat(this.pending, this.pendingBytes), true)
    done()
  }
}

/** Opens one sealed chunk (ciphertext ‖ tag) of a file; throws on a bad tag. */
export function openChunk(key: Buffer, prefix: Buffer, index: number, last: boolean, sealed: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, nonceFor(prefix, index))
  decipher.setAAD(aad(index, last))
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG))
  const plain = decipher.update(sealed.subarray(0, sealed.length - TAG))
  // GCM: final() returns nothing and throws on a bad tag, before the plaintext is used.
  decipher.final()
  return plain
}

/**
 * Decrypts chunks firstChunk … lastChunk (inclusive) of a file's ciphertext stream that starts
 * at that first chunk; totalChunks tells which one is the file's last. Throws (the stream errors)
 * on any tag mismatch: wrong key, tampering, truncation. For stores without positional reads
 * (S3); the local store's files are read with SealedFileReader (encrypted-file.ts).
 */
export class DecryptStream extends Transform {
  private buffered: Buffer[] = []
  private bufferedBytes = 0
  private index: number

  constructor(
    private readonly key: Buffer,
    private readonly prefix: Buffer,
    firstChunk: number,
    private readonly totalChunks: number,
    private readonly chunk: number,
  ) {
    super()
    this.index = firstChunk
  }

  private open(sealed: Buffer): Buffer {
    const plain = openChunk(this.key, this.prefix, this.index, this.index === this.totalChunks - 1, sealed)
    this.index++
    return plain
  }

  // Opens whole sealed chunks straight out of the incoming data; only a chunk that straddles
  // two reads is copied together. The file's last chunk (possibly shorter) waits for _flush.
  override _transform(data: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    const SEALED = this.chunk + TAG
    try {
      let offset = 0
      if (this.bufferedBytes) {
        const need = SEALED - this.bufferedBytes
        if (data.length < need || this.index >= this.totalChunks - 1) {
          this.buffered.push(data)
          this.bufferedBytes += data.length
          return done()
        }
        this.push(this.open(Buffer.concat([...this.buffered, data.subarray(0, need)], SEALED)))
        offset = need
      }
      while (data.length - offset >= SEALED && this.index < this.totalChunks - 1) {
        this.push(this.open(data.subarray(offset, offset + SEALED)))
        offset += SEALED
      }
      this.buffered = offset < data.length ? [data.subarray(offset)] : []
      this.bufferedBytes = data.length - offset
      done()
    } catch (err) {
      done(err as Error)
    }
  }

  override _flush(done: TransformCallback) {
    try {
      const rest = Buffer.concat(this.buffered, this.bufferedBytes)
      if (rest.length) this.push(this.open(rest))
      done()
    } catch (err) {
      done(err as Error)
    }
  }
}

/** Reads the header of a ciphertext: checks the magic, returns the nonce prefix and the file's chunk size. */
export function parseHeader(header: Buffer): { prefix: Buffer; chunk: number } {
  const chunk = header.length === HEADER ? FORMATS.get(header.subarray(0, 4).toString('latin1')) : undefined
  if (!chunk) throw new Error('not an encrypted portal blob')
  return { prefix: Buffer.from(header.subarray(4, 12)), chunk }
}
