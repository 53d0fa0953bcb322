import { createFunctionApp } from '../_shared/app.ts'
import { conversationRoutes } from './routes/conversations.ts'
import { messageRoutes } from './routes/messages.ts'

/**
 * Messages: structured requests (Anfragen) between client users and the firm — start, reply,
 * edit with history, delete as a tombstone, attachments as documents, status and assignee for
 * staff, read marks, the staff inbox with filters and search over a blind index, mail notices
 * without content. Live chat (functions/realtime, CHAT) posts through the same service.
 */
export const app = createFunctionApp('messages', {
  // An attachment upload: the raw file is the body (the size limit holds on the stream).
  rawBodyPaths: [/^\/functions\/v1\/messages\/messages\/[0-9a-f-]{36}\/attachments$/],
  maxBodyBytes: 64 * 1024,
})
  .route('/', messageRoutes)
  .route('/', conversationRoutes)

export type MessagesApp = typeof app
