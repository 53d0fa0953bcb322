import { createFunctionApp } from '../_shared/app.ts'
import { attachmentRoutes } from './routes/attachments.ts'
import { categoryRoutes } from './routes/categories.ts'
import { documentRoutes } from './routes/documents.ts'
import { groupRoutes } from './routes/groups.ts'
import { listRoutes } from './routes/list.ts'
import { requestRoutes } from './routes/requests.ts'
import { retentionRoutes } from './routes/retention.ts'
import { createUploadRoutes } from './tus/routes.ts'

/**
 * Documents: encrypted upload and download (ranges, safe headers), versions, proof of receipt,
 * delivery notices, document requests, document groups with comments, and files attached to
 * messages (the messages domain links them through SQL, policies/06-messages.sql).
 * Uploads take the raw file as the body (the metadata in the query string); the size limit is
 * enforced on the stream, not by the generic JSON body limit.
 */
export const app = createFunctionApp('documents', {
  // New documents, new versions and message attachments: the raw file is the body; resumable
  // uploads (tus) too.
  rawBodyPaths: [
    /^\/functions\/v1\/documents$/,
    /^\/functions\/v1\/documents\/[0-9a-f-]{36}\/versions$/,
    /^\/functions\/v1\/documents\/uploads(\/[0-9a-f-]{36})?$/,
    /^\/functions\/v1\/documents\/message-attachments\/[0-9a-f-]{36}$/,
  ],
  maxBodyBytes: 64 * 1024,
})
  .route('/uploads', createUploadRoutes())
  .route('/message-attachments', attachmentRoutes)
  .route('/requests', requestRoutes)
  .route('/groups', groupRoutes)
  .route('/categories', categoryRoutes)
  .route('/retention', retentionRoutes)
  .route('/', listRoutes)
  .route('/', documentRoutes)

export type DocumentsApp = typeof app
