import type { Db, Tx } from '../../_shared/db.ts'
import { TooLargeError, writeEncryptedFile, type StoredFile } from '../../_shared/blob/encrypted-file.ts'
import { AppError } from '../../_shared/errors.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import { peekBody } from './body.ts'
import { checkFileType, MAGIC_BYTES } from './file-types.ts'

const ROLLBACK = Symbol('rollback')

/** Runs the inserts as the caller and rolls them back: may this upload happen at all? */
export async function checkAllowedBeforeReading(db: Db, session: SessionInfo, inserts: (tx: Tx) => Promise<unknown>): Promise<void> {
  await db
    .asUser(session.claims, async (tx) => {
      await inserts(tx)
      throw ROLLBACK
    })
    .catch((err) => {
      if (err !== ROLLBACK) throw err
    })
}

/** A placeholder for the permission check, before the real body exists. */
export const placeholderFile = (): StoredFile & { mediaType: string } => ({
  blobName: crypto.randomUUID(),
  wrappedKey: Buffer.alloc(1),
  size: 0,
  sha256: '0'.repeat(64),
  mediaType: 'application/octet-stream',
})

/**
 * Receives an upload body: extension and magic bytes must agree, the size limit holds on the
 * stream, and the body is encrypted into the blob store. Throws type_not_allowed, type_mismatch
 * or payload_too_large; nothing is stored then.
 */
export async function receiveFile(rt: Runtime, filename: string, body: ReadableStream<Uint8Array> | null): Promise<StoredFile & { mediaType: string }> {
  const { head, stream } = await peekBody(body, MAGIC_BYTES)
  const mediaType = await checkFileType(filename, head)
  try {
    return { ...(await writeEncryptedFile(rt.blobs, rt.secrets.fileMasterKey, stream, rt.config.MAX_UPLOAD_BYTES)), mediaType }
  } catch (err) {
    if (err instanceof TooLargeError) throw new AppError('payload_too_large', { status: 413, message: `The file exceeds ${err.limit} bytes.` })
    throw err
  }
}
