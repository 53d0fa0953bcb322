import { Hono } from 'hono'
import { requestMeta } from '../../_shared/request-meta.ts'
import { requireSession, type AuthedEnv } from '../../_shared/session.ts'
import { uploadBody } from '../../_shared/upload/body.ts'
import { ZAttachmentQuery, uuidParam } from '../schemas.ts'
import { uploadAttachment } from '../service/upload-attachment.ts'

/** A message's attachment: the raw file is the body, the file name in the query string. */
export const attachmentRoutes = new Hono<AuthedEnv>()
  .use('*', requireSession())
  .post('/:messageId', async (c) => {
    const { filename } = ZAttachmentQuery.parse(c.req.query())
    return c.json(await uploadAttachment(c.get('rt'), c.get('session'), uuidParam(c.req.param('messageId')), filename, uploadBody(c), requestMeta(c)), 201)
  })
