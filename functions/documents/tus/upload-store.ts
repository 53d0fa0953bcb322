import { AsyncLocalStorage } from 'node:async_hooks'
import type { Readable } from 'node:stream'
import { DataStore, ERRORS, Upload } from '@tus/utils'
import type { Context } from 'hono'
import { open as unwrap, seal as wrap } from '../../_shared/crypto.ts'
import { AppError } from '../../_shared/errors.ts'
import type { Tx } from '../../_shared/db.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import { newStagingKey, type StagingArea, type StagingKey } from '../../_shared/upload/staging.ts'

/**
 * The request a tus call belongs to: tus's hooks and store methods run inside it. ownsBody: the
 * body's chunks are the upload's alone (staging.ts tusRequestOf) and are freed once staged.
 */
export type UploadRequest = { c: Context; rt: Runtime; session: SessionInfo; ownsBody: boolean }
export const uploadRequest = new AsyncLocalStorage<UploadRequest>()

export function currentRequest(): UploadRequest {
  const current = uploadRequest.getStore()
  if (!current) throw new Error('tus store used outside an upload request')
  return current
}

/** Unfinished uploads per account at a time (the same number as in policies/04-uploads.sql). */
export const MAX_OPEN_UPLOADS = 20

/** How long an unfinished upload may be resumed. */
export const UPLOAD_LIFETIME_MS = 24 * 60 * 60 * 1000

export type UploadRow = {
  id: string
  client_id: string
  size: string
  metadata: Record<string, string>
  wrapped_key: Buffer
  iv: Buffer
  document_id: string | null
  created_at: Date
}

/** The caller's upload (row-level security: another account's upload does not exist). */
export async function findUpload(tx: Tx, id: string): Promise<UploadRow | undefined> {
  const [row] = await tx<UploadRow[]>`select id, client_id, size, metadata, wrapped_key, iv, document_id, created_at from public.uploads where id = ${id}`
  return row
}

export const stagingKeyOf = (rt: Runtime, row: Pick<UploadRow, 'wrapped_key' | 'iv'>): StagingKey => ({
  key: unwrap(rt.secrets.fileMasterKey, 'upload-key', row.wrapped_key),
  iv: row.iv,
})

/**
 * tus's data store for the portal: the upload's row in PostgreSQL (as the caller, so the
 * policies decide whose upload it is) and its bytes encrypted in the staging area. The offset
 * is the staged file's length, so a crash or restart loses nothing that reached the disk.
 */
export class PortalUploadStore extends DataStore {
  constructor(private readonly staging: StagingArea) {
    super()
    this.extensions = ['creation', 'creation-with-upload', 'termination', 'expiration']
  }

  override getExpiration(): number {
    return UPLOAD_LIFETIME_MS
  }

  override async create(upload: Upload): Promise<Upload> {
    const { rt, session } = currentRequest()
    const metadata = upload.metadata as Record<string, string>
    const key = newStagingKey()
    const created = rt.now()
    await rt.db.asUser(session.claims, async (tx) => {
      // The policy caps unfinished uploads per account; say so clearly instead of "not found".
      const [open] = await tx`select count(*)::int as n from public.uploads where document_id is null and expires_at > now()`
      if (open!.n >= MAX_OPEN_UPLOADS)
        throw new AppError('too_many_uploads', { status: 429, message: `At most ${MAX_OPEN_UPLOADS} unfinished uploads at a time.` })
      await tx`insert into public.uploads (id, account_id, client_id, size, metadata, wrapped_key, iv, expires_at)
               values (${upload.id}, ${session.accountId}, ${metadata.clientId!}, ${upload.size!}, ${tx.json(metadata)},
                       ${wrap(rt.secrets.fileMasterKey, 'upload-key', key.key)}, ${key.iv}, ${new Date(created.getTime() + UPLOAD_LIFETIME_MS)})`
      // The staged file exists before the row commits; if the commit fails, it is removed below.
      await this.staging.create(upload.id)
    }).catch(async (err) => {
      await this.staging.remove(upload.id)
      throw err
    })
    upload.creation_date = created.toISOString()
    return upload
  }

  override async getUpload(id: string): Promise<Upload> {
    const { rt, session } = currentRequest()
    const row = await rt.db.asUser(session.claims, (tx) => findUpload(tx, id))
    if (!row) throw ERRORS.FILE_NOT_FOUND
    const size = Number(row.size)
    // A finished upload has become a document; its staged copy is gone.
    const offset = row.document_id ? size : await this.staging.size(id)
    if (offset === undefined) throw ERRORS.FILE_NOT_FOUND
    return new Upload({ id, size, offset, metadata: row.metadata, creation_date: row.created_at.toISOString() })
  }

  override async write(stream: Readable, id: string, offset: number): Promise<number> {
    const { rt, session, ownsBody } = currentRequest()
    const row = await rt.db.asUser(session.claims, (tx) => findUpload(tx, id))
    if (!row) throw ERRORS.FILE_NOT_FOUND
    // Already a document: nothing more to write (tus allows no bytes past the length); the
    // finish hook then names the same document again.
    if (row.document_id) {
      stream.resume()
      return Number(row.size)
    }
    return this.staging.append(id, stagingKeyOf(rt, row), offset, stream, { ownsChunks: ownsBody })
  }

  override async remove(id: string): Promise<void> {
    const { rt, session } = currentRequest()
    const removed = await rt.db.asUser(session.claims, (tx) => tx`delete from public.uploads where id = ${id} returning id`)
    if (!removed.length) throw ERRORS.FILE_NOT_FOUND
    await this.staging.remove(id)
  }
}
