import { IncomingMessage } from 'node:http'
import { pipeline } from 'node:stream'
import { audit, type RequestMeta } from '../audit.ts'
import type { Db, Tx } from '../db.ts'
import { TooLargeError, writeEncryptedFile, type StoredFile } from '../blob/encrypted-file.ts'
import { notingStore } from '../blob/pending.ts'
import { AppError } from '../errors.ts'
import { log } from '../log.ts'
import type { Runtime } from '../runtime.ts'
import { ScanLimitError } from '../scan/clamd.ts'
import { MalwareFoundError, scannerFor, type ScanTee } from '../scan/scan-stream.ts'
import type { SessionInfo } from '../session.ts'
import { peekBody } from './body.ts'
import { checkFileType, MAGIC_BYTES } from './file-types.ts'
import { uploadSlots } from './slots.ts'

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
 * Who uploads, for the audit row of a refused file (the client when it is known already). A guest
 * of an upload link has no session: its refusals are logged, and audited by its caller.
 */
export type UploadContext = { session?: SessionInfo; meta: RequestMeta; clientId?: string | null }

/**
 * Receives an upload body: extension and magic bytes must agree, the size limit holds on the
 * stream, the body is encrypted into the blob store and, with CLAMD_URL, scanned by clamd on the
 * way (a copy of the plaintext streams to clamd; the blob is committed only after clamd said OK).
 * The blob's name is noted as pending before it is written (blob/pending.ts): if the process dies
 * before the caller's version row commits, the sweep removes the blob.
 * At most MAX_CONCURRENT_UPLOADS bodies are received from the network at once (upload/slots.ts); a
 * body that waited UPLOAD_QUEUE_SECONDS for its turn is refused with uploads_busy (503), unread,
 * and one that sends nothing for UPLOAD_IDLE_SECONDS is ended with upload_stalled (408).
 * Throws type_not_allowed, type_mismatch, payload_too_large, malware_found (422),
 * scan_unavailable (503, fail closed), uploads_busy (503) or upload_stalled (408); nothing is
 * stored then.
 */
export async function receiveFile(
  rt: Runtime,
  filename: string,
  body: ReadableStream<Uint8Array> | null,
  context?: UploadContext,
  options: { maxBytes?: number; staged?: boolean } = {},
): Promise<StoredFile & { mediaType: string }> {
  // A finished resumable upload reads its bytes from the local staging area: no socket to wait
  // for and nothing a slow client could hold, so it takes no slot (and is never lost to a full
  // queue at its last PATCH).
  if (options.staged) return receiveInSlot(rt, filename, body, context, options)
  // At most MAX_CONCURRENT_UPLOADS bodies stream at once, at most PER_HOLDER of one account or
  // guest address; the rest wait here, unread. A client that goes away meanwhile (Node's request
  // closes) leaves the queue at once.
  const request = (body as unknown) instanceof IncomingMessage ? (body as unknown as IncomingMessage) : undefined
  const gone = new AbortController()
  const onClose = () => gone.abort(new Error('the client went away while its upload waited'))
  request?.once('close', onClose)
  let release: () => void
  try {
    release = await uploadSlots(rt.config).acquire(context?.session?.accountId ?? `address:${context?.meta.ip ?? 'unknown'}`, gone.signal)
  } finally {
    request?.off('close', onClose)
  }
  const stopWatching = request ? endWhenStalled(request, rt.config.UPLOAD_IDLE_SECONDS * 1000) : undefined
  try {
    return await receiveInSlot(rt, filename, body, context, options)
  } finally {
    stopWatching?.()
    release()
  }
}

/**
 * Ends a request body that sends nothing for idleMs (the socket's idle timeout, which Node's
 * server reports on the request), so a connection that trickles or stalls gives its slot back;
 * the upload fails with upload_stalled (408) and stores nothing. Returns the clean-up, which
 * restores the socket's previous timeout (keep-alive connections outlive the request).
 */
function endWhenStalled(request: IncomingMessage, idleMs: number): () => void {
  const socket = request.socket
  if (!socket) return () => {}
  const before = socket.timeout ?? 0
  const onTimeout = () => request.destroy(new AppError('upload_stalled', { status: 408, message: 'The upload sent no data for too long.' }))
  request.on('timeout', onTimeout)
  socket.setTimeout(idleMs)
  return () => {
    request.off('timeout', onTimeout)
    if (!socket.destroyed) socket.setTimeout(before)
  }
}

async function receiveInSlot(
  rt: Runtime,
  filename: string,
  body: ReadableStream<Uint8Array> | null,
  context: UploadContext | undefined,
  options: { maxBytes?: number },
): Promise<StoredFile & { mediaType: string }> {
  const { head, stream, owned } = await peekBody(body, MAGIC_BYTES)
  const mediaType = await checkFileType(filename, head)
  const scanner = scannerFor(rt.config)
  let scan: ScanTee | undefined
  try {
    scan = await scanner?.open()
  } catch (err) {
    throw await refusal(rt, err as Error, filename, context)
  }
  // pipeline() ties both ends: a failed scan ends the body, a failed body ends the scan.
  const source = scan ? pipeline(stream, scan, () => {}) : stream
  try {
    // The scan's tee hands every chunk on to clamd as well: only an unscanned body is ours to free.
    const maxBytes = Math.min(rt.config.MAX_UPLOAD_BYTES, options.maxBytes ?? Infinity)
    return { ...(await writeEncryptedFile(notingStore(rt), rt.secrets.fileMasterKey, source, maxBytes, { ownsChunks: owned && !scan })), mediaType }
  } catch (err) {
    if (scan?.failure) throw await refusal(rt, scan.failure, filename, context)
    if (err instanceof TooLargeError) throw new AppError('payload_too_large', { status: 413, message: `The file exceeds ${err.limit} bytes.` })
    throw err
  }
}

/** The answer to a file the scan refused (or could not scan), with its log line and audit row. */
async function refusal(rt: Runtime, err: Error, filename: string, context?: UploadContext): Promise<AppError> {
  const who = { accountId: context?.session?.accountId, clientId: context?.clientId ?? undefined, requestId: context?.meta.requestId }
  if (err instanceof MalwareFoundError) {
    log.warn('upload refused: clamd found malware', { ...who, signature: err.signature })
    const session = context?.session
    if (context && session) {
      await rt.db
        .asUser(session.claims, (tx) =>
          audit(tx, { actorId: session.accountId, clientId: context.clientId ?? null, action: 'document.malware_found', result: 'denied', objectType: 'document', detail: { signature: err.signature, filename } }, context.meta),
        )
        .catch((auditErr) => log.error('audit of a malware finding failed', { ...who, error: auditErr }))
    }
    return new AppError('malware_found', { status: 422, message: 'The virus scanner found malware in this file; it was not stored.', data: { signature: err.signature } })
  }
  if (err instanceof ScanLimitError) {
    log.warn('upload refused: the file exceeds clamd\'s StreamMaxLength (raise it in clamd.conf or lower MAX_UPLOAD_BYTES)', who)
    return new AppError('payload_too_large', { status: 413, message: 'The file exceeds the size the virus scanner accepts.', data: { reason: 'scan_limit' } })
  }
  log.warn('upload refused: clamd is not available', { ...who, reason: err.message })
  return new AppError('scan_unavailable', { status: 503, message: 'The virus scanner is not available; please try again later.' })
}
