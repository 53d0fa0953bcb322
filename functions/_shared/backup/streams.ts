import { createHash } from 'node:crypto'
import { PassThrough, Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { DecryptPart, EncryptPart } from './part-cipher.ts'
import type { BackupTarget, BackupWriter } from './target.ts'
import type { PartEntry } from './manifest.ts'

/** Counts and hashes what passes through (SHA-256, hex). */
export function meter() {
  const hash = createHash('sha256')
  let size = 0
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk)
      size += chunk.length
      done(null, chunk)
    },
  })
  return { stream, result: () => ({ size, sha256: hash.digest('hex') }) }
}

/**
 * Encrypts source with the backup key into the part, returning the encrypted part's size and
 * SHA-256; extra transforms (e.g. a meter of the plaintext) run before the encryption.
 */
export async function putEncrypted(writer: BackupWriter, part: string, source: Readable, key: Buffer, before: Transform[] = []): Promise<PartEntry> {
  const out = meter()
  const body = new PassThrough({ highWaterMark: 1024 * 1024 })
  await Promise.all([pipeline([source, ...before, new EncryptPart(key), out.stream, body]), writer.put(part, body)])
  return out.result()
}

/** Reads a part and decrypts it; the stream errors on any integrity failure. */
export async function readDecrypted(target: BackupTarget, name: string, part: string, key: Buffer): Promise<Readable> {
  const raw = await target.read(name, part)
  const plain = new DecryptPart(key, part)
  raw.on('error', (err) => plain.destroy(err))
  return raw.pipe(plain)
}
