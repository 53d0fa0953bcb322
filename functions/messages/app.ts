import { createFunctionApp } from '../_shared/app.ts'
import { conversationRoutes } from './routes/conversations.ts'
import { messageRoutes } from './routes/messages.ts'

/**
 * Messages: structured requests (Anfragen) between client users and the firm — start, reply,
 * edit with history, delete as a tombstone, attachments (documents: a new file is uploaded to
 * functions/documents, which links it through policies/06-messages.sql), status and assignee for
 * staff, read marks, the staff inbox with filters and search over a blind index, mail notices
 * without content. Live chats start here too (POST /chats; functions/chat handles the queue), and
 * the realtime hub reads and posts their lines through service/message-source.ts, which the
 * gateway passes to functions/realtime.
 */
export const app = createFunctionApp('messages', { maxBodyBytes: 64 * 1024 })
  .route('/', messageRoutes)
  .route('/', conversationRoutes)

export type MessagesApp = typeof app
