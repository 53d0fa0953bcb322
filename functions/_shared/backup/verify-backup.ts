import { randomBytes } from 'node:crypto'
import { mkdir, rm } from 'node:fs/promises'
import path from 'node:path'
import postgres from 'postgres'
import { readEncryptedFile } from '../blob/encrypted-file.ts'
import { localDiskStore } from '../blob/store.ts'
import { referencedBlobs } from './create-backup.ts'
import { BackupIntegrityError } from './part-cipher.ts'
import { restoreBackup } from './restore-backup.ts'
import type { BackupTarget } from './target.ts'

export type VerifyResult = { name: string; tables: number; rows: number; blobs: number; files: number }

/** The same server, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url)
  u.pathname = '/' + database
  return u.toString()
}

/**
 * Restores a backup into a scratch database on the same server (dropped afterwards) and scratch
 * directory for its files, and checks it: every part's checksum, every table's row count, every
 * file's checksum of its stored bytes, that every file the restored rows reference is there, and
 * that every document version opens with the file master key and matches its SHA-256. Throws
 * BackupIntegrityError (or the restore's error) naming what failed.
 */
export async function verifyBackup(options: { target: BackupTarget; name: string; key: Buffer; ownerUrl: string; fileMasterKey: Buffer; scratchDir: string }): Promise<VerifyResult> {
  const database = `portal_verify_${randomBytes(6).toString('hex')}`
  const admin = postgres(options.ownerUrl, { max: 1, onnotice: () => {} })
  const dir = path.join(options.scratchDir, database)
  await mkdir(dir, { recursive: true, mode: 0o700 })
  try {
    await admin.unsafe(`create database ${database}`)
    const url = withDatabase(options.ownerUrl, database)
    const store = localDiskStore(dir)
    const manifest = await restoreBackup({ target: options.target, name: options.name, key: options.key, ownerUrl: url, blobs: store, fileMasterKey: options.fileMasterKey })
    const scratch = postgres(url, { max: 1, onnotice: () => {} })
    try {
      const inBackup = new Set(manifest.blobs.map((b) => b.name))
      const referenced = await referencedBlobs(scratch)
      const missing = referenced.filter((b) => !inBackup.has(b))
      if (missing.length || referenced.length !== inBackup.size)
        throw new BackupIntegrityError(`Backup ${manifest.name} does not pair its rows and files: ${missing.length} referenced file(s) missing, ${inBackup.size - (referenced.length - missing.length)} file(s) without a row.`)
      const versions = await scratch`select blob_name::text as name, wrapped_key, size, sha256 from public.document_versions`
      for (const v of versions) {
        const plain = await readEncryptedFile(store, options.fileMasterKey, { blobName: v.name, wrappedKey: v.wrapped_key, size: Number(v.size), sha256: v.sha256 })
        try {
          for await (const _ of plain);
        } catch {
          throw new BackupIntegrityError(`File ${v.name} of backup ${manifest.name} does not open with the file master key or does not match its checksum.`)
        }
      }
      const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0)
      return { name: manifest.name, tables: manifest.tables.length, rows, blobs: manifest.blobs.length, files: versions.length }
    } finally {
      await scratch.end({ timeout: 5 })
    }
  } finally {
    await admin.unsafe(`drop database if exists ${database} with (force)`).catch(() => {})
    await admin.end({ timeout: 5 })
    await rm(dir, { recursive: true, force: true })
  }
}
