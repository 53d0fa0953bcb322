import { createHmac, timingSafeEqual } from 'node:crypto'
import { BackupIntegrityError, keyFingerprint, manifestKey } from './part-cipher.ts'

export type TableEntry = { schema: string; name: string; columns: string[]; rows: number; part: string }
export type SequenceEntry = { schema: string; name: string; value: string; isCalled: boolean }
export type BlobEntry = { name: string; size: number; sha256: string; part: string }
export type PartEntry = { size: number; sha256: string }

/**
 * What a backup holds, written last: the migrations the database was at, every table (columns,
 * row count, part), the sequences, every blob the snapshot references (size and SHA-256 of the
 * stored ciphertext), the size and SHA-256 of every encrypted part, and which backup key and file
 * master key it belongs to (fingerprints, not keys). Signed with a key derived from the backup key.
 */
export type Manifest = {
  format: 'mandantenportal-backup'
  version: 1
  name: string
  /** When the database snapshot was taken (the moment the backup shows). */
  createdAt: string
  postgres: string
  migrations: { name: string; checksum: string }[]
  tables: TableEntry[]
  sequences: SequenceEntry[]
  blobs: BlobEntry[]
  parts: Record<string, PartEntry>
  backupKey: string
  fileMasterKey: string
  mac?: string
}

const macOf = (key: Buffer, body: Omit<Manifest, 'mac'>) =>
  createHmac('sha256', manifestKey(key)).update(JSON.stringify(body)).digest('hex')

/** The manifest as stored: JSON with its MAC. */
export function signManifest(key: Buffer, manifest: Omit<Manifest, 'mac'>): string {
  return JSON.stringify({ ...manifest, mac: macOf(key, manifest) }, null, 1) + '\n'
}

/**
 * Parses and checks a stored manifest. Throws BackupIntegrityError with a sentence for the
 * operator: not a manifest, made with another backup key, or changed after it was written.
 */
export function openManifest(key: Buffer, text: string, name: string): Manifest {
  let parsed: Manifest
  try {
    parsed = JSON.parse(text) as Manifest
  } catch {
    throw new BackupIntegrityError(`The manifest of backup ${name} is not readable: the backup is damaged.`)
  }
  if (parsed?.format !== 'mandantenportal-backup' || parsed.version !== 1 || typeof parsed.mac !== 'string')
    throw new BackupIntegrityError(`Backup ${name} has no valid manifest (not a portal backup, or damaged).`)
  if (parsed.backupKey !== keyFingerprint(key, 'backup'))
    throw new BackupIntegrityError(
      `Backup ${name} was made with another backup key (fingerprint ${parsed.backupKey}; the configured key has ${keyFingerprint(key, 'backup')}). Set BACKUP_KEY or BACKUP_KEY_FILE to the key it was made with.`,
    )
  const { mac, ...body } = parsed
  const expected = Buffer.from(macOf(key, body), 'hex')
  const given = Buffer.from(mac, 'hex')
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new BackupIntegrityError(`The manifest of backup ${name} was changed after the backup was written: refusing to use it.`)
  return parsed
}
