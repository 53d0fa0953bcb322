import type { IncomingMessage } from 'node:http'
import { Server } from '@tus/server'
import { ERRORS, type Upload } from '@tus/utils'
import { Hono, type Context, type MiddlewareHandler } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../../_shared/app.ts'
import { AppError } from '../../_shared/errors.ts'
import { requestMeta } from '../../_shared/request-meta.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import { checkFileType } from '../../_shared/upload/file-types.ts'
import { cleanFilename } from '../../_shared/upload/filename.ts'
import { stagingArea, tusRequestOf, type StagingArea } from '../../_shared/upload/staging.ts'
import { tusErrorEnvelope, type TusCodes } from '../../_shared/upload/tus-errors.ts'
import type { GuestSession } from '../service/guest-session.ts'
import { receiveGuestUpload } from '../service/upload-links.ts'
import { currentGuestRequest, findGuestUpload, guestStagingKey, guestStagingRoot, guestUploadRequest, GuestUploadStore } from './guest-upload-store.ts'

/** Where the guest's browser sends resumable uploads (under the guest cookie's path). */
export const GUEST_UPLOADS_PATH = '/functions/v1/shares/guest/tus'

type GuestEnv = AppEnv & { Variables: { guest: GuestSession } }

const TUS_CODES: TusCodes = {
  400: 'bad_request',
  404: 'not_found',
  409: 'upload_offset_mismatch',
  410: 'upload_expired',
  412: 'bad_request',
  413: 'payload_too_large',
  423: 'upload_locked',
  499: 'upload_aborted',
}

const toEnvelope = (err: unknown) => tusErrorEnvelope(err, currentGuestRequest().c, TUS_CODES)

/** The one metadata field a guest sends: the file's name. */
const ZGuestUploadMetadata = z.object({ filename: z.string().min(1).max(1024) }).strict()
const filenameOf = (upload: Pick<Upload, 'metadata'>) =>
  cleanFilename(ZGuestUploadMetadata.parse(Object.fromEntries(Object.entries(upload.metadata ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'))).filename)

/**
 * The finished, staged upload becomes a document through the same path as a guest's direct
 * upload (type, size, scan, encryption, private.guest_upload), which claims the staged row in
 * the same transaction. Whatever fails, the staged bytes and the row are removed.
 */
async function finish(staging: StagingArea, upload: Upload): Promise<string> {
  const { c, rt, guest } = currentGuestRequest()
  const row = await rt.db.asUser(guest.claims, (tx) => findGuestUpload(tx, upload.id))
  if (!row) throw ERRORS.FILE_NOT_FOUND
  if (row.document_id) return row.document_id
  try {
    const body = staging.read(upload.id, guestStagingKey(rt, row))
    const document = await receiveGuestUpload(rt, guest, row.filename, body as unknown as ReadableStream<Uint8Array>, requestMeta(c), upload.id)
    await staging.remove(upload.id)
    return document.id
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'upload_already_finished')) {
      await rt.db.asUser(guest.claims, (tx) => tx`delete from public.share_uploads where id = ${upload.id} and document_id is null`).catch(() => undefined)
      await staging.remove(upload.id)
    }
    throw err
  }
}

/** A repeated last PATCH waits for the running finish of the same upload (tus has released its lock). */
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
 * Resumable uploads (tus 1.0.0: creation, creation-with-upload, termination, expiration) for the
 * guest of an upload link. Before any byte is accepted the type (by extension), the link's size
 * cap and number of files, the guest's details and the client's quota are checked
 * (private.guest_upload_admissible); the row is written as the guest under the insert policy.
 * requireGuest resolves the guest session first (anyone else: the guest routes' one 404).
 */
export function createGuestUploadRoutes(requireGuest: MiddlewareHandler<GuestEnv>, stagingRoot: (rt: Runtime) => string = guestStagingRoot) {
  let tus: { server: Server; staging: StagingArea; root: string } | undefined
  const tusFor = (rt: Runtime) => {
    const root = stagingRoot(rt)
    if (tus?.root === root) return tus
    const staging = stagingArea(root)
    const server = new Server({
      path: GUEST_UPLOADS_PATH,
      datastore: new GuestUploadStore(staging),
      relativeLocation: true,
      allowedOrigins: () => false,
      respectForwardedHeaders: false,
      exposedHeaders: ['Upload-Document-Id'],
      namingFunction: () => crypto.randomUUID(),
      maxSize: () => currentGuestRequest().rt.config.MAX_UPLOAD_BYTES,
      async onUploadCreate(_req, upload) {
        const { rt, guest } = currentGuestRequest()
        if (upload.size === undefined) throw new AppError('bad_request', { status: 400, message: 'The upload needs its length (Upload-Length).' })
        const filename = filenameOf(upload)
        await checkFileType(filename, Buffer.alloc(0))
        await rt.db.asUser(guest.claims, (tx) => tx`select private.guest_upload_admissible(${filename}, ${upload.size!})`)
        return { metadata: { filename } }
      },
      onUploadFinish: (_req, upload) => finishOnce(staging, upload),
      async onIncomingRequest(req, id) {
        if (req.method === 'POST') return
        const { rt, guest } = currentGuestRequest()
        if (!(await rt.db.asUser(guest.claims, (tx) => findGuestUpload(tx, id)))) throw ERRORS.FILE_NOT_FOUND
      },
      onResponseError: (_req, err) => toEnvelope(err),
    })
    tus = { server, staging, root }
    return tus
  }

  const handle = (c: Context<GuestEnv>) => {
    const { request, ownsBody } = tusRequestOf(c.req.raw, (c.env as { incoming?: IncomingMessage } | undefined)?.incoming)
    return guestUploadRequest.run({ c, rt: c.get('rt'), guest: c.get('guest'), ownsBody }, async () => {
      const response = await tusFor(c.get('rt')).server.handleWeb(request)
      if (response.status >= 400 && !response.headers.get('content-type')) response.headers.set('Content-Type', 'application/json; charset=utf-8')
      return response
    })
  }

  return new Hono<GuestEnv>()
    .use('*', requireGuest)
    .post('/', handle)
    .on(['PATCH', 'DELETE'], '/:uploadId', handle)
    .get('/:uploadId', (c) => {
      if (c.req.method === 'HEAD') return handle(c)
      throw new AppError('not_found', { status: 404, message: 'Not found.' })
    })
}
