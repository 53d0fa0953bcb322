import { Hono } from 'hono'
import { z } from 'zod'
import { requireSession, type AuthedEnv } from '../../_shared/session.ts'
import { listDocuments } from '../service/list-documents.ts'

/** Which documents to list: a client's, a project's, optionally only the answers to one request. */
const ZListDocumentsQuery = z
  .object({ clientId: z.uuid().optional(), projectId: z.uuid().optional(), requestId: z.uuid().optional() })
  .strict()
  .refine((q) => q.clientId || q.projectId, { message: 'clientId or projectId is required' })

/**
 * GET /documents?clientId=|projectId=[&requestId=]: the documents the caller may see. Only GET:
 * the session check sits on the route, so the raw upload (POST /) is not touched.
 */
export const listRoutes = new Hono<AuthedEnv>().get('/', requireSession(), async (c) =>
  c.json(await listDocuments(c.get('rt').db, c.get('session'), ZListDocumentsQuery.parse(c.req.query()))),
)
