import { createFunctionApp } from '../_shared/app.ts'
import { documentRoutes } from './routes/documents.ts'

/**
 * Documents: encrypted upload and download (ranges, safe headers), versions and proof of receipt.
 * Uploads take the raw file as the body (the metadata in the query string); the size limit is
 * enforced on the stream, not by the generic JSON body limit.
 */
export const app = createFunctionApp('documents', { rawBodyPaths: ['/functions/v1/documents'], maxBodyBytes: Number.MAX_SAFE_INTEGER }).route(
  '/',
  documentRoutes,
)

export type DocumentsApp = typeof app
