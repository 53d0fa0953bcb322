import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto'

/** Purposes get their own key derived from the master key, so one key never serves two uses. */
export type KeyPurpose = 'totp-secret' | 'file-key' | 'comment-body' | 'upload-key' | 'message-key' | 'message-search' | 'appointment-answers-key'

function keyFor(masterKey: Buffer, purpose: KeyPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `mandantenportal:${purpose}`, 32))
}

/** AES-256-GCM with a random 96-bit nonce: nonce ‖ tag ‖ ciphertext. */
export function seal(masterKey: Buffer, purpose: KeyPurpose, plaintext: Buffer): Buffer {
  const nonce = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', keyFor(masterKey, purpose), nonce)
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return Buffer.concat([nonce, cipher.getAuthTag(), body])
}

/** Opens what seal() produced; throws when the data or the key is wrong (authenticated). */
export function open(masterKey: Buffer, purpose: KeyPurpose, sealed: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', keyFor(masterKey, purpose), sealed.subarray(0, 12))
  decipher.setAuthTag(sealed.subarray(12, 28))
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()])
}

export const sha256 = (value: string | Buffer): Buffer => createHash('sha256').update(value).digest()

/** A random token of `bytes` bytes (default 32 = 256 bit), base64url. */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url')

/** Constant-time comparison of two strings of possibly different length. */
export function safeEqual(a: string, b: string): boolean {
  const x = sha256(a)
  const y = sha256(b)
  return timingSafeEqual(x, y) && a.length === b.length
}
