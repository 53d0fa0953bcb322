import { Hono } from 'hono'
import { jsonBody } from '../../_shared/app.ts'
import { requestMeta } from '../../_shared/request-meta.ts'
import { requireSession, type AuthedEnv } from '../../_shared/session.ts'
import { toWebStream, uploadBody } from '../../_shared/upload/body.ts'
import { contentDisposition } from '../../_shared/upload/filename.ts'
import { ZDeleteDocumentBody, ZDownloadQuery, ZEmpty, ZUploadQuery, ZVersionQuery, uuidParam } from '../schemas.ts'
import { deleteDocument, getDocumentLifecycle, restoreDocument } from '../service/delete-document.ts'
import { openDocumentFile } from '../service/download-document.ts'
import { confirmReceipt, getDocument, listReceipts } from '../service/receipts.ts'
import { uploadDocument } from '../service/upload-document.ts'
import { addVersion } from '../service/add-version.ts'
import { remindRecipients } from '../service/notify-recipients.ts'

/** Upload (raw body), document view, download with ranges, receipts. */
export const documentRoutes = new Hono<AuthedEnv>()
  .use('*', requireSession())
  .post('/', async (c) => {
    const query = ZUploadQuery.parse(c.req.query())
    return c.json(await uploadDocument(c.get('rt'), c.get('session'), query, uploadBody(c), requestMeta(c)), 201)
  })
  .get('/:itemId', async (c) => c.json(await getDocument(c.get('rt').db, c.get('session'), uuidParam(c.req.param('itemId')))))
  .get('/:itemId/file', async (c) => {
    const q = ZDownloadQuery.parse(c.req.query())
    const file = await openDocumentFile(c.get('rt'), c.get('session'), uuidParam(c.req.param('itemId')), q.version, c.req.header('range'), requestMeta(c))
    // Previews never run scripts: a sandbox CSP and nosniff on every file response.
    c.header('Content-Security-Policy', "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'")
    c.header('Content-Disposition', contentDisposition(file.filename, q.inline && /^(application\/pdf|image\/(png|jpeg|gif|webp))$/.test(file.mediaType) ? 'inline' : 'attachment'))
    c.header('Content-Type', file.mediaType)
    c.header('Accept-Ranges', 'bytes')
    c.header('Cache-Control', 'private, no-store')
    const length = file.range ? file.range.end - file.range.start + 1 : file.size
    c.header('Content-Length', String(length))
    if (file.range) {
      c.status(206)
      c.header('Content-Range', `bytes ${file.range.start}-${file.range.end}/${file.size}`)
    }
    // A body that fails verification midway errors the stream, so the connection is aborted
    // instead of ending as if the file were complete. Under Node the bytes go to the socket
    // directly (toWebStream with the ServerResponse), which frees every chunk once it is sent.
    const outgoing = (c.env as { outgoing?: import('node:http').ServerResponse } | undefined)?.outgoing
    return c.body(toWebStream(file.stream, outgoing))
  })
  .post('/:itemId/versions', async (c) => {
    const q = ZVersionQuery.parse(c.req.query())
    return c.json(await addVersion(c.get('rt'), c.get('session'), uuidParam(c.req.param('itemId')), q.filename, q.notify, uploadBody(c), requestMeta(c)), 201)
  })
  .post('/:itemId/remind', async (c) => {
    await jsonBody(c, ZEmpty)
    return c.json(await remindRecipients(c.get('rt').db, c.get('session'), uuidParam(c.req.param('itemId')), requestMeta(c)))
  })
  .get('/:itemId/receipts', async (c) => c.json({ receipts: await listReceipts(c.get('rt').db, c.get('session'), uuidParam(c.req.param('itemId'))) }))
  .post('/:itemId/confirm', async (c) => {
    await jsonBody(c, ZEmpty)
    return c.json(await confirmReceipt(c.get('rt').db, c.get('session'), uuidParam(c.req.param('itemId')), requestMeta(c)))
  })
  // Lifecycle: people outside the firm delete softly, staff for good (retention, legal hold, reason).
  .get('/:itemId/lifecycle', async (c) => c.json(await getDocumentLifecycle(c.get('rt').db, c.get('session'), uuidParam(c.req.param('itemId')))))
  .post('/:itemId/delete', async (c) => {
    const { reason } = await jsonBody(c, ZDeleteDocumentBody)
    return c.json(await deleteDocument(c.get('rt'), c.get('session'), uuidParam(c.req.param('itemId')), reason, requestMeta(c)))
  })
  .post('/:itemId/restore', async (c) => {
    await jsonBody(c, ZEmpty)
    return c.json(await restoreDocument(c.get('rt').db, c.get('session'), uuidParam(c.req.param('itemId')), requestMeta(c)))
  })
