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
const MAGIC = Buffer.from('KMP1')

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

  private seal(plain: Buffer, last: boolean): Buffer {
    const cipher = createCipheriv('aes-256-gcm', this.key, nonceFor(this.prefix, this.index))
    cipher.setAAD(aad(this.index, last))
    const body = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()])
    this.index++
    return body
  }

  private header() {
    if (!this.headerSent) {
      this.headerSent = true
      this.push(Buffer.concat([MAGIC, this.prefix]))
    }
  }

  override _transform(data: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.header()
    this.pending.push(data)
    this.pendingBytes += data.length
    // Keep at least one byte back: only at the end do we know which chunk is the last.
    while (this.pendingBytes > CHUNK) {
      const all = Buffer.concat(this.pending)
      this.push(this.seal(all.subarray(0, CHUNK), false))
      this.pending = [all.subarray(CHUNK)]
      this.pendingBytes = all.length - CHUNK
    }
    done()
  }

  override _flush(done: TransformCallback) {
    this.header()
    this.push(this.seal(Buffer.concat(this.pending), true))
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
    const plain = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG)), decipher.final()])
    this.index++
    return plain
  }

  override _transform(data: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.buffered.push(data)
    this.bufferedBytes += data.length
    try {
      while (this.bufferedBytes >= CHUNK + TAG && this.index < this.totalChunks - 1) {
        const all = Buffer.concat(this.buffered)
        this.push(this.open(all.subarray(0, CHUNK + TAG)))
        this.buffered = [all.subarray(CHUNK + TAG)]
        this.bufferedBytes = all.length - CHUNK - TAG
      }
      done()
    } catch (err) {
      done(err as Error)
    }
  }

  override _flush(done: TransformCallback) {
    try {
      const rest = Buffer.concat(this.buffered)
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
