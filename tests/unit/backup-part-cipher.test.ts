import { randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { DecryptPart, EncryptPart, PART_CHUNK } from '../../functions/_shared/backup/part-cipher.ts'
import { openManifest, signManifest, type Manifest } from '../../functions/_shared/backup/manifest.ts'
import { keyFingerprint } from '../../functions/_shared/backup/part-cipher.ts'

const collect = async (stream: Readable) => {
  const chunks: Buffer[] = []
  for await (const c of stream) chunks.push(c as Buffer)
  return Buffer.concat(chunks)
}
const encrypt = (key: Buffer, plain: Buffer) => collect(Readable.from([plain]).pipe(new EncryptPart(key)))
const decrypt = (key: Buffer, sealed: Buffer, pieces = 7) => {
  const parts = Array.from({ length: pieces }, (_, i) => sealed.subarray(Math.floor((i * sealed.length) / pieces), Math.floor(((i + 1) * sealed.length) / pieces)))
  const out = new DecryptPart(key, 'test-part')
  return collect(Readable.from(parts).pipe(out))
}

describe('backup part encryption', () => {
  const key = randomBytes(32)
  it.each([0, 1, PART_CHUNK - 1, PART_CHUNK, PART_CHUNK + 1, 3 * PART_CHUNK + 17])('round-trips %i bytes', async (n) => {
    const plain = randomBytes(n)
    const sealed = await encrypt(key, plain)
    // No plaintext in the part (checked from 16 bytes on: a shorter run can occur by chance).
    if (n >= 16) expect(sealed.includes(plain.subarray(0, Math.min(64, n)))).toBe(false)
    expect((await decrypt(key, sealed)).equals(plain)).toBe(true)
  })

  it('refuses truncation at a chunk boundary, a cut inside a chunk, appended bytes, a flipped bit and another key', async () => {
    const plain = randomBytes(2 * PART_CHUNK + 100)
    const sealed = await encrypt(key, plain)
    const atBoundary = sealed.subarray(0, 36 + PART_CHUNK + 16)
    await expect(decrypt(key, atBoundary)).rejects.toThrow(/Backup part test-part does not end where it should/)
    await expect(decrypt(key, sealed.subarray(0, sealed.length - 5))).rejects.toThrow(/damaged, truncated or was changed/)
    await expect(decrypt(key, Buffer.concat([sealed, Buffer.from('x')]))).rejects.toThrow(/test-part/)
    const flipped = Buffer.from(sealed)
    flipped[36 + 10] ^= 1
    await expect(decrypt(key, flipped)).rejects.toThrow(/fails its check at chunk 0/)
    await expect(decrypt(randomBytes(32), sealed)).rejects.toThrow(/backup key is wrong/)
    await expect(decrypt(key, Buffer.alloc(0))).rejects.toThrow(/is empty or cut off/)
  })

  it('signs manifests: a changed field or another key is refused', () => {
    const manifest = { format: 'mandantenportal-backup', version: 1, name: 'n', createdAt: '', postgres: '17', migrations: [], tables: [], sequences: [], blobs: [], parts: {}, backupKey: keyFingerprint(key, 'backup'), fileMasterKey: 'x' } satisfies Manifest
    const text = signManifest(key, manifest)
    expect(openManifest(key, text, 'n').name).toBe('n')
    expect(() => openManifest(key, text.replace('"postgres": "17"', '"postgres": "16"'), 'n')).toThrow(/was changed after the backup was written/)
    expect(() => openManifest(randomBytes(32), text, 'n')).toThrow(/made with another backup key/)
    expect(() => openManifest(key, '{', 'n')).toThrow(/not readable/)
  })
})
