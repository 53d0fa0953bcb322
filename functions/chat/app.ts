import { createFunctionApp } from '../_shared/app.ts'
import { chatRoutes } from './routes/chat.ts'

/**
 * Live chat: whether the firm is reachable (staff presence, office hours in Europe/Berlin), the
 * office hours (admins), starting a chat, the staff's take-over and turning a chat into a request.
 * Messages themselves go through functions/messages and the realtime socket.
 */
export const app = createFunctionApp('chat', { maxBodyBytes: 64 * 1024 }).route('/', chatRoutes)

export type ChatApp = typeof app
