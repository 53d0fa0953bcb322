import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto'
import { Transform, type TransformCallback } from 'node:stream'

/**
 * Every file of a backup (a table's rows, a blob, …) is one "part", encrypted with the backup key:
 *
 *   header  = "KPB1" ‖ salt (32 bytes)                                     36 bytes
 *   chunk i = AES-256-GCM(part key, nonce = 0⁴ ‖ i (8 bytes BE), aad = header ‖ i ‖ last)
 *             over up to 1 MiB of plaintext, then the 16-byte tag
 *
 * The part key is HKDF-SHA256(backup key, salt, "mandantenportal backup part"): a fresh key per
 * part, so the counter nonces never repeat under one key. The additional data binds each chunk
 * to its part, its position and whether it is the last one: reordered, dropped, appended or
 * truncated chunks, a changed byte or the wrong backup key all fail the tag check.
 */
export const PART_CHUNK = 1024 * 1024
const TAG = 16
const MAGIC = Buffer.from('KPB1')
const HEADER = MAGIC.length + 32

/** Thrown when a backup's bytes do not open with the backup key: damaged, changed, truncated. */
export class BackupIntegrityError extends Error {}

const partKey = (backupKey: Buffer, salt: Buffer) =>
  Buffer.from(hkdfSync('sha256', backupKey, salt, 'mandantenportal backup part', 32))

/** The key that signs a manifest (HMAC-SHA256), derived apart from the part keys. */
export const manifestKey = (backupKey: Buffer) =>
  Buffer.from(hkdfSync('sha256', backupKey, Buffer.alloc(0), 'mandantenportal backup manifest', 32))

/**
 * A short, non-secret name of a key: lets a restore say "this backup was made with another
 * backup key" (or another file master key) instead of only "does not open".
 */
export const keyFingerprint = (key: Buffer, purpose: string) =>
  createHmac('sha256', key).update(`mandantenportal key fingerprint: ${purpose}`).digest('hex').slice(0, 16)

const nonceFor = (index: number) => {
  const nonce = Buffer.alloc(12)
  nonce.writeBigUInt64BE(BigInt(index), 4)
  return nonce
}
const aadFor = (header: Buffer, index: number, last: boolean) => {
  const tail = Buffer.alloc(9)
  tail.writeBigUInt64BE(BigInt(index), 0)
  tail[8] = last ? 1 : 0
  return Buffer.concat([header, tail])
}

/** Encrypts a part's plaintext stream. */
export class EncryptPart extends Transform {
  private readonly salt = randomBytes(32)
  private readonly header = Buffer.concat([MAGIC, this.salt])
  private readonly key: Buffer
  private pending: Buffer[] = []
  private pendingBytes = 0
  private index = 0

  constructor(backupKey: Buffer) {
    super()
    this.key = partKey(backupKey, this.salt)
    this.push(this.header)
  }

  private seal(plain: Buffer, last: boolean) {
    const cipher = createCipheriv('aes-256-gcm', this.key, nonceFor(this.index))
    cipher.setAAD(aadFor(this.header, this.index, last))
    const body = cipher.update(plain)
    cipher.final()
    this.index++
    this.push(body)
    this.push(cipher.getAuthTag())
  }

  // Whole chunks only; at least one byte stays back, since only the end tells which is last.
  override _transform(data: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.pending.push(data)
    this.pendingBytes += data.length
    while (this.pendingBytes > PART_CHUNK) {
      const all = Buffer.concat(this.pending, this.pendingBytes)
      this.seal(all.subarray(0, PART_CHUNK), false)
      this.pending = [all.subarray(PART_CHUNK)]
      this.pendingBytes = all.length - PART_CHUNK
    }
    done()
  }

  override _flush(done: TransformCallback) {
    this.seal(Buffer.concat(this.pending, this.pendingBytes), true)
    done()
  }
}

/**
 * Decrypts a part; the stream errors with BackupIntegrityError (naming the part) on any tag
 * mismatch, a missing last chunk, or a header that is not a backup part's.
 */
export class DecryptPart extends Transform {
  private header: Buffer | undefined
  private key: Buffer | undefined
  private buffered: Buffer[] = []
  private bufferedBytes = 0
  private index = 0

  constructor(private readonly backupKey: Buffer, private readonly partName: string) {
    super()
  }

  private fail(reason: string): BackupIntegrityError {
    return new BackupIntegrityError(`Backup part ${this.partName} ${reason}: the backup is damaged, truncated or was changed (or the backup key is wrong).`)
  }

  private open(sealed: Buffer, last: boolean): Buffer {
    if (sealed.length < TAG) throw this.fail('ends early')
    const decipher = createDecipheriv('aes-256-gcm', this.key!, nonceFor(this.index))
    decipher.setAAD(aadFor(this.header!, this.index, last))
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG))
    const plain = decipher.update(sealed.subarray(0, sealed.length - TAG))
    try {
      decipher.final()
    } catch {
      throw this.fail(last ? 'does not end where it should' : `fails its check at chunk ${this.index}`)
    }
    this.index++
    return plain
  }

  override _transform(data: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    try {
      this.buffered.push(data)
      this.bufferedBytes += data.length
      // Nothing to open yet: wait without copying.
      if (this.header && this.bufferedBytes <= PART_CHUNK + TAG) return done()
      let all = Buffer.concat(this.buffered, this.bufferedBytes)
      if (!this.header) {
        if (all.length < HEADER) return this.keep(all, done)
        if (!all.subarray(0, MAGIC.length).equals(MAGIC)) throw this.fail('is not a backup part')
        this.header = Buffer.from(all.subarray(0, HEADER))
        this.key = partKey(this.backupKey, this.header.subarray(MAGIC.length))
        all = all.subarray(HEADER)
      }
      const SEALED = PART_CHUNK + TAG
      // A full chunk followed by more bytes is not the last one.
      while (all.length > SEALED) {
        this.push(this.open(all.subarray(0, SEALED), false))
        all = all.subarray(SEALED)
      }
      this.keep(all, done)
    } catch (err) {
      done(err as Error)
    }
  }

  private keep(rest: Buffer, done: TransformCallback) {
    this.buffered = rest.length ? [rest] : []
    this.bufferedBytes = rest.length
    done()
  }

  override _flush(done: TransformCallback) {
    try {
      if (!this.header) throw this.fail('is empty or cut off')
      this.push(this.open(Buffer.concat(this.buffered, this.bufferedBytes), true))
      done()
    } catch (err) {
      done(err as Error)
    }
  }
}
