import { createFunctionApp } from '../_shared/app.ts'
import { chatRoutes } from './routes/chat.ts'

/**
 * Live chat: whether the firm is reachable (staff presence, office hours in Europe/Berlin), the
 * office hours (admins), the staff's take-over, turning a chat into a request and the read state.
 * A chat is a conversation of the messages domain: functions/messages starts it (POST
 * /functions/v1/messages/chats) and reads and posts its lines, live over functions/realtime.
 */
export const app = createFunctionApp('chat', { maxBodyBytes: 64 * 1024 }).route('/', chatRoutes)

export type ChatApp = typeof app
