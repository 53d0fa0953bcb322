import { Readable } from 'node:stream'
import { createFunctionApp, jsonBody } from '../_shared/app.ts'
import { requestMeta } from '../_shared/request-meta.ts'
import { requireSession } from '../_shared/session.ts'
import { contentDisposition } from '../_shared/upload/filename.ts'
import { uuidParam, ZDeleteClientBody, ZMandateEndBody } from './schemas.ts'
import { exportClient } from './service/export-client.ts'
import { deleteClientAfterRetention, getClientRetention, listRetention, setMandateEnd } from './service/retention.ts'

/**
 * Data protection operations for the firm's staff: a client's GDPR export (ZIP), the mandate
 * end, retention proposals and the deletion of a client after its retention. The root paths
 * /metrics and /health live in metrics-app.ts and functions/health.
 */
export const app = createFunctionApp('operations')
  .use('*', requireSession())
  .get('/retention', async (c) => c.json(await listRetention(c.get('rt').db, c.get('session'), c.get('rt').now())))
  .get('/clients/:clientId/retention', async (c) => c.json(await getClientRetention(c.get('rt').db, c.get('session'), uuidParam(c.req.param('clientId')))))
  .put('/clients/:clientId/mandate-end', async (c) => {
    const { mandateEndedAt } = await jsonBody(c, ZMandateEndBody)
    return c.json(await setMandateEnd(c.get('rt').db, c.get('session'), uuidParam(c.req.param('clientId')), mandateEndedAt, requestMeta(c)))
  })
  .post('/clients/:clientId/delete', async (c) => {
    const { confirmNumber } = await jsonBody(c, ZDeleteClientBody)
    return c.json(await deleteClientAfterRetention(c.get('rt'), c.get('session'), uuidParam(c.req.param('clientId')), confirmNumber, requestMeta(c)))
  })
  .get('/clients/:clientId/export', async (c) => {
    const archive = await exportClient(c.get('rt'), c.get('session'), uuidParam(c.req.param('clientId')), requestMeta(c))
    c.header('Content-Type', 'application/zip')
    c.header('Content-Disposition', contentDisposition(archive.filename))
    c.header('Content-Security-Policy', "sandbox; default-src 'none'")
    return c.body(Readable.toWeb(archive.stream) as unknown as ReadableStream)
  })

export type OperationsApp = typeof app
