import type { IncomingMessage } from 'node:http'
import { Server } from '@tus/server'
import { ERRORS, type Upload } from '@tus/utils'
import { Hono, type Context } from 'hono'
import { AppError } from '../../_shared/errors.ts'
import { requestMeta } from '../../_shared/request-meta.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import { requireSession, type AuthedEnv } from '../../_shared/session.ts'
import { ZUploadQuery } from '../schemas.ts'
import { checkUploadAllowed, uploadDocument } from '../service/upload-document.ts'
import { stagingArea, tusRequestOf, type StagingArea } from '../../_shared/upload/staging.ts'
import { tusErrorEnvelope, type TusCodes } from '../../_shared/upload/tus-errors.ts'
import { stagingRootOf } from './sweep.ts'
import { currentRequest, findUpload, PortalUploadStore, stagingKeyOf, uploadRequest } from './upload-store.ts'

export const UPLOADS_PATH = '/functions/v1/documents/uploads'

/** tus's own errors as the portal's stable codes. */
const TUS_CODES: TusCodes = {
  400: 'bad_request',
  403: 'forbidden',
  404: 'not_found',
  409: 'upload_offset_mismatch',
  410: 'upload_expired',
  412: 'bad_request',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  423: 'upload_locked',
  499: 'upload_aborted',
}

const toEnvelope = (err: unknown) => tusErrorEnvelope(err, currentRequest().c, TUS_CODES)

const metadataOf = (upload: Pick<Upload, 'metadata'>) =>
  ZUploadQuery.parse(Object.fromEntries(Object.entries(upload.metadata ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string')))

/**
 * Turns the finished, staged upload into a document through the same path as a direct upload
 * (permission as the caller, magic bytes, size, quota, encryption, audit, notices). The upload
 * row records the document in the same transaction, so a client that asks again after a crash
 * learns that the upload is complete instead of sending it twice. Whatever fails, the staged
 * bytes and the row are removed: a file that was refused is not kept anywhere.
 */
async function finish(staging: StagingArea, upload: Upload): Promise<string> {
  const { c, rt, session } = currentRequest()
  const row = await rt.db.asUser(session.claims, (tx) => findUpload(tx, upload.id))
  if (!row) throw ERRORS.FILE_NOT_FOUND
  if (row.document_id) return row.document_id
  try {
    const body = staging.read(upload.id, stagingKeyOf(rt, row))
    const document = await uploadDocument(rt, session, metadataOf(row), body as unknown as ReadableStream<Uint8Array>, requestMeta(c), {
      finishingUpload: upload.id,
      // Only the first finish claims the upload; a second one rolls back (and its blob is removed).
      inTransaction: async (tx, documentId) => {
        const claimed = await tx`update public.uploads set document_id = ${documentId} where id = ${upload.id} and document_id is null returning id`
        if (!claimed.length) throw new AppError('upload_already_finished', { status: 409, message: 'This upload has already been completed.' })
      },
    })
    await staging.remove(upload.id)
    return document.id
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'upload_already_finished')) {
      await rt.db.asUser(session.claims, (tx) => tx`delete from public.uploads where id = ${upload.id} and document_id is null`)
      await staging.remove(upload.id)
    }
    throw err
  }
}

/**
 * tus releases its lock before the finish hook runs, and a finish (scan, encryption of the whole
 * file) may take minutes: a repeated last PATCH waits for the running finish of the same upload
 * and answers with the same document instead of starting a second one.
 */
const finishing = new Map<string, Promise<string>>()
async function finishOnce(staging: StagingArea, upload: Upload) {
  let running = finishing.get(upload.id)
  if (!running) {
    running = finish(staging, upload).finally(() => finishing.delete(upload.id))
    finishing.set(upload.id, running)
  }
  return { headers: { 'Upload-Document-Id': await running } }
}

/**
 * Resumable uploads (tus 1.0.0: creation, creation-with-upload, termination, expiration) for
 * new documents. The metadata are the query fields of a direct upload; the permission, the
 * extension and the quota are checked when the upload is created, before any byte is accepted.
 */
export function createUploadRoutes(stagingRoot: (rt: Runtime) => string = stagingRootOf) {
  let tus: { server: Server; staging: StagingArea; root: string } | undefined
  const tusFor = (rt: Runtime) => {
    const root = stagingRoot(rt)
    if (tus?.root === root) return tus
    const staging = stagingArea(root)
    const server = new Server({
      path: UPLOADS_PATH,
      datastore: new PortalUploadStore(staging),
      relativeLocation: true,
      // Same-origin only: no CORS headers for any origin.
      allowedOrigins: () => false,
      respectForwardedHeaders: false,
      exposedHeaders: ['Upload-Document-Id'],
      namingFunction: () => crypto.randomUUID(),
      maxSize: () => currentRequest().rt.config.MAX_UPLOAD_BYTES,
      async onUploadCreate(_req, upload) {
        const { rt, session } = currentRequest()
        await checkUploadAllowed(rt, session, metadataOf(upload), upload.size ?? 0)
        return {}
      },
      onUploadFinish: (_req, upload) => finishOnce(staging, upload),
      // Whose upload it is is decided before tus takes its lock: someone else's id is not found
      // (and cannot interrupt the owner's running request).
      async onIncomingRequest(req, id) {
        if (req.method === 'POST') return
        const { rt, session } = currentRequest()
        if (!(await rt.db.asUser(session.claims, (tx) => findUpload(tx, id)))) throw ERRORS.FILE_NOT_FOUND
      },
      onResponseError: (_req, err) => toEnvelope(err),
    })
    tus = { server, staging, root }
    return tus
  }

  const handle = (c: Context<AuthedEnv>) => {
    const { request, ownsBody } = tusRequestOf(c.req.raw, (c.env as { incoming?: IncomingMessage } | undefined)?.incoming)
    return uploadRequest.run({ c, rt: c.get('rt'), session: c.get('session'), ownsBody }, async () => {
      const response = await tusFor(c.get('rt')).server.handleWeb(request)
      if (response.status >= 400 && !response.headers.get('content-type')) response.headers.set('Content-Type', 'application/json; charset=utf-8')
      return response
    })
  }

  return (
    new Hono<AuthedEnv>()
      .use('*', requireSession())
      .post('/', handle)
      .on(['PATCH', 'DELETE'], '/:uploadId', handle)
      // Hono answers HEAD with the GET route: a HEAD asks for the offset; a GET is not offered.
      .get('/:uploadId', (c) => {
        if (c.req.method === 'HEAD') return handle(c)
        throw new AppError('not_found', { status: 404, message: 'Not found.' })
      })
  )
}
