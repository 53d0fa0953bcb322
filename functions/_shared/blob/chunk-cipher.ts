import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { Transform, type TransformCallback } from 'node:stream'

/**
 * Streaming authenticated encryption for file bodies: AES-256-GCM over fixed-size chunks.
 *
 *   header  = "KMP1" ‖ nonce prefix (8 bytes)                       12 bytes
 *   chunk i = ciphertext(plaintext[i·64 KiB … +64 KiB]) ‖ tag        ≤ 64 KiB + 16 bytes
 *
 * Chunk i's nonce is the file's random 8-byte prefix ‖ i (4 bytes, big-endian), unique under a
 * per-file key. The additional data binds the index and whether the chunk is the last one, so
 * chunks cannot be reordered, dropped or the file truncated without the tag check failing.
 * Fixed sizes make every chunk addressable: a range read decrypts only the chunks it covers.
 */
export const CHUNK = 64 * 1024
export const TAG = 16
export const HEADER = 12
export const MAGIC = Buffer.from('KMP1')

const aad = (index: number, last: boolean) => {
  const data = Buffer.alloc(5)
  data.writeUInt32BE(index, 0)
  data[4] = last ? 1 : 0
  return data
}
const nonceFor = (prefix: Buffer, index: number) => {
  const nonce = Buffer.alloc(12)
  prefix.copy(nonce, 0)
  nonce.writeUInt32BE(index, 8)
  return nonce
}

/** Size on disk of a plaintext of n bytes (an empty file still has one, empty, chunk). */
export function encryptedSize(n: number): number {
  const chunks = Math.max(1, Math.ceil(n / CHUNK))
  return HEADER + n + chunks * TAG
}

/** Encrypts a plaintext stream chunk by chunk. */
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

/**
 * Decrypts chunks firstChunk … lastChunk (inclusive) of a file's ciphertext stream that starts
 * at that first chunk; totalChunks tells which one is the file's last. Throws (the stream errors)
 * on any tag mismatch: wrong key, tampering, truncation.
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
  ) {
    super()
    this.index = firstChunk
  }

  private open(sealed: Buffer): Buffer {
    const decipher = createDecipheriv('aes-256-gcm', this.key, nonceFor(this.prefix, this.index))
    decipher.setAAD(aad(this.index, this.index === this.totalChunks - 1))
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG))
    const plain = decipher.update(sealed.subarray(0, sealed.length - TAG))
    // GCM: final() returns nothing and throws on a bad tag, before the plaintext is pushed.
    decipher.final()
    this.index++
    return plain
  }

  // Opens whole sealed chunks straight out of the incoming data; only a chunk that straddles
  // two reads is copied together. The file's last chunk (possibly shorter) waits for _flush.
  override _transform(data: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    const SEALED = CHUNK + TAG
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

/** Reads the header of a ciphertext: checks the magic and returns the nonce prefix. */
export function parseHeader(header: Buffer): Buffer {
  if (header.length !== HEADER || !header.subarray(0, 4).equals(MAGIC)) throw new Error('not an encrypted portal blob')
  return Buffer.from(header.subarray(4, 12))
}
