import { Hono } from 'hono'
import { jsonBody } from '../../_shared/app.ts'
import { requestMeta } from '../../_shared/request-meta.ts'
import { requireSession, type AuthedEnv } from '../../_shared/session.ts'
import { ZCreateMessageCategoryBody, ZEditMessageBody, ZEmpty, ZPreferencesBody, ZUpdateMessageCategoryBody, uuidParam } from '../schemas.ts'
import { createMessageCategory, listCategories, listManagedCategories, setPreferences, updateMessageCategory } from '../service/categories.ts'
import { changeMessage, listRevisions } from '../service/change-message.ts'

/**
 * One message (edit, delete, history), the categories and the caller's mail preferences. A new
 * file for a message is uploaded to functions/documents (POST /functions/v1/documents/message-attachments/:messageId).
 */
export const messageRoutes = new Hono<AuthedEnv>()
  .use('*', requireSession())
  .get('/categories', async (c) => c.json({ categories: await listCategories(c.get('rt'), c.get('session')) }))
  // Admins manage the categories (the policies on public.message_categories decide; others: not_found).
  .get('/categories/manage', async (c) => c.json(await listManagedCategories(c.get('rt'), c.get('session'))))
  .post('/categories', async (c) =>
    c.json(await createMessageCategory(c.get('rt'), c.get('session'), await jsonBody(c, ZCreateMessageCategoryBody), requestMeta(c)), 201))
  .patch('/categories/:categoryId', async (c) => {
    const body = await jsonBody(c, ZUpdateMessageCategoryBody)
    return c.json(await updateMessageCategory(c.get('rt'), c.get('session'), uuidParam(c.req.param('categoryId')), body, requestMeta(c)))
  })
  .put('/preferences', async (c) => c.json(await setPreferences(c.get('rt'), c.get('session'), (await jsonBody(c, ZPreferencesBody)).preferences)))
  .patch('/messages/:messageId', async (c) => {
    const { body } = await jsonBody(c, ZEditMessageBody)
    return c.json(await changeMessage(c.get('rt'), c.get('session'), uuidParam(c.req.param('messageId')), { body }, requestMeta(c)))
  })
  .post('/messages/:messageId/delete', async (c) => {
    await jsonBody(c, ZEmpty)
    return c.json(await changeMessage(c.get('rt'), c.get('session'), uuidParam(c.req.param('messageId')), { delete: true }, requestMeta(c)))
  })
  .get('/messages/:messageId/revisions', async (c) => c.json(await listRevisions(c.get('rt'), c.get('session'), uuidParam(c.req.param('messageId')))))
