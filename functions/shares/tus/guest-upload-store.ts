import { AsyncLocalStorage } from 'node:async_hooks'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { DataStore, ERRORS, Upload } from '@tus/utils'
import type { Context } from 'hono'
import { open as unwrap, seal as wrap } from '../../_shared/crypto.ts'
import type { Tx } from '../../_shared/db.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import { newStagingKey, type StagingArea, type StagingKey } from '../../_shared/upload/staging.ts'
import type { GuestSession } from '../service/guest-session.ts'

/**
 * The guest request a tus call belongs to: tus's hooks and store methods run inside it.
 * ownsBody: the body's chunks are the upload's alone (staging.ts tusRequestOf), freed once staged.
 */
export type GuestUploadRequest = { c: Context; rt: Runtime; guest: GuestSession; ownsBody: boolean }
export const guestUploadRequest = new AsyncLocalStorage<GuestUploadRequest>()

export function currentGuestRequest(): GuestUploadRequest {
  const current = guestUploadRequest.getStore()
  if (!current) throw new Error('guest tus store used outside a guest upload request')
  return current
}

/** How long an unfinished guest upload may be resumed (the guest session may end sooner). */
export const GUEST_UPLOAD_LIFETIME_MS = 24 * 60 * 60 * 1000

/** Guests stage apart from signed-in uploads: each sweeper knows only its own rows. */
export const guestStagingRoot = (rt: Runtime) => path.resolve(rt.config.DATA_DIR, 'guest-uploads')

export type GuestUploadRow = {
  id: string
  filename: string
  size: string
  wrapped_key: Buffer
  iv: Buffer
  document_id: string | null
  created_at: Date
}

/** The guest session's own upload in progress (the policies: anyone else's does not exist). */
export async function findGuestUpload(tx: Tx, id: string): Promise<GuestUploadRow | undefined> {
  const [row] = await tx<GuestUploadRow[]>`
    select id, filename, size, wrapped_key, iv, document_id, created_at from public.share_uploads where id = ${id}`
  return row
}

export const guestStagingKey = (rt: Runtime, row: Pick<GuestUploadRow, 'wrapped_key' | 'iv'>): StagingKey => ({
  key: unwrap(rt.secrets.fileMasterKey, 'upload-key', row.wrapped_key),
  iv: row.iv,
})

/**
 * tus's data store for the guests of upload links: the upload's row in public.share_uploads,
 * written and read as the guest session (role anon: the policies in 05-shares.sql decide whose
 * upload it is and whether it may start), and its bytes encrypted in the staging area.
 */
export class GuestUploadStore extends DataStore {
  constructor(private readonly staging: StagingArea) {
    super()
    this.extensions = ['creation', 'creation-with-upload', 'termination', 'expiration']
  }

  override getExpiration(): number {
    return GUEST_UPLOAD_LIFETIME_MS
  }

  override async create(upload: Upload): Promise<Upload> {
    const { rt, guest } = currentGuestRequest()
    const filename = (upload.metadata as Record<string, string>).filename!
    const key = newStagingKey()
    const created = rt.now()
    await rt.db
      .asUser(guest.claims, async (tx) => {
        // Admitted and inserted in one transaction (the check locks the client): parallel
        // creations cannot exceed the link's number of files or the quota together.
        await tx`select private.guest_upload_admissible(${filename}, ${upload.size!})`
        const rows = await tx`
          insert into public.share_uploads (id, share_id, session_id, client_id, filename, size, wrapped_key, iv, expires_at)
          select ${upload.id}, s.id, ${guest.sessionId}, s.client_id, ${filename}, ${upload.size!},
                 ${wrap(rt.secrets.fileMasterKey, 'upload-key', key.key)}, ${key.iv}, ${new Date(created.getTime() + GUEST_UPLOAD_LIFETIME_MS)}
          from public.shares s where s.id = ${guest.shareId}
          returning id`
        // The share is no longer the guest's to read (revoked, expired): nothing is staged.
        if (!rows.length) throw ERRORS.FILE_NOT_FOUND
        // The staged file exists before the row commits; if the commit fails, it is removed below.
        await this.staging.create(upload.id)
      })
      .catch(async (err) => {
        await this.staging.remove(upload.id)
        throw err
      })
    upload.creation_date = created.toISOString()
    return upload
  }

  override async getUpload(id: string): Promise<Upload> {
    const { rt, guest } = currentGuestRequest()
    const row = await rt.db.asUser(guest.claims, (tx) => findGuestUpload(tx, id))
    if (!row) throw ERRORS.FILE_NOT_FOUND
    const size = Number(row.size)
    // A finished upload has become a document; its staged copy is gone.
    const offset = row.document_id ? size : await this.staging.size(id)
    if (offset === undefined) throw ERRORS.FILE_NOT_FOUND
    return new Upload({ id, size, offset, metadata: { filename: row.filename }, creation_date: row.created_at.toISOString() })
  }

  override async write(stream: Readable, id: string, offset: number): Promise<number> {
    const { rt, guest, ownsBody } = currentGuestRequest()
    const row = await rt.db.asUser(guest.claims, (tx) => findGuestUpload(tx, id))
    if (!row) throw ERRORS.FILE_NOT_FOUND
    if (row.document_id) {
      stream.resume()
      return Number(row.size)
    }
    return this.staging.append(id, guestStagingKey(rt, row), offset, stream, { ownsChunks: ownsBody })
  }

  override async remove(id: string): Promise<void> {
    const { rt, guest } = currentGuestRequest()
    const removed = await rt.db.asUser(guest.claims, (tx) => tx`delete from public.share_uploads where id = ${id} returning id`)
    if (!removed.length) throw ERRORS.FILE_NOT_FOUND
    await this.staging.remove(id)
  }
}
