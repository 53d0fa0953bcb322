import { Hono } from 'hono'
import { jsonBody } from '../../_shared/app.ts'
import { requestMeta } from '../../_shared/request-meta.ts'
import { requireSession, type AuthedEnv } from '../../_shared/session.ts'
import { ZListQuery, ZMarkReadBody, ZMessagesQuery, ZPostMessageBody, ZStartChatBody, ZStartRequestBody, ZUpdateConversationBody, uuidParam } from '../schemas.ts'
import { getConversation } from '../service/get-conversation.ts'
import { listConversations } from '../service/list-conversations.ts'
import { listMessages } from '../service/list-messages.ts'
import { markRead } from '../service/mark-read.ts'
import { postMessage } from '../service/post-message.ts'
import { startChat } from '../service/start-chat.ts'
import { startRequest } from '../service/start-request.ts'
import { updateConversation } from '../service/update-conversation.ts'

/** Conversations: the list (client users' and the staff inbox), new requests and chats, one thread, replies, read marks, handling. */
export const conversationRoutes = new Hono<AuthedEnv>()
  .use('*', requireSession())
  .get('/', async (c) => c.json(await listConversations(c.get('rt'), c.get('session'), ZListQuery.parse(c.req.query()))))
  .post('/', async (c) => c.json(await startRequest(c.get('rt'), c.get('session'), await jsonBody(c, ZStartRequestBody), requestMeta(c)), 201))
  // A live chat with the firm (kind 'chat'); functions/chat handles its queue and conversion.
  .post('/chats', async (c) => c.json(await startChat(c.get('rt'), c.get('session'), await jsonBody(c, ZStartChatBody), requestMeta(c)), 201))
  .get('/:itemId', async (c) => c.json(await getConversation(c.get('rt'), c.get('session'), uuidParam(c.req.param('itemId')))))
  .patch('/:itemId', async (c) => {
    const change = await jsonBody(c, ZUpdateConversationBody)
    return c.json(await updateConversation(c.get('rt'), c.get('session'), uuidParam(c.req.param('itemId')), change, requestMeta(c)))
  })
  .get('/:itemId/messages', async (c) => {
    const q = ZMessagesQuery.parse(c.req.query())
    const afterId = q.after === undefined ? undefined : uuidParam(q.after)
    return c.json({ messages: await listMessages(c.get('rt'), c.get('session'), uuidParam(c.req.param('itemId')), { afterId, limit: q.limit }) })
  })
  .post('/:itemId/messages', async (c) => {
    const input = await jsonBody(c, ZPostMessageBody)
    const posted = await postMessage(c.get('rt'), c.get('session'), uuidParam(c.req.param('itemId')), input, requestMeta(c))
    return c.json(posted, posted.duplicate ? 200 : 201)
  })
  .post('/:itemId/read', async (c) => {
    const { messageId } = await jsonBody(c, ZMarkReadBody)
    return c.json(await markRead(c.get('rt'), c.get('session'), uuidParam(c.req.param('itemId')), messageId))
  })
