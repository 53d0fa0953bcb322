import { createFunctionApp } from '../_shared/app.ts'
import { callRoutes } from './routes/calls.ts'

/**
 * Calls: audio or video in the firm's own Jitsi Meet, started from a conversation or an
 * appointment. Rooms have unguessable names; joining hands out a short-lived room JWT signed with
 * the app secret, only to people who see the item (policies/07-chat.sql); staff are moderators.
 */
export const app = createFunctionApp('calls', { maxBodyBytes: 4 * 1024 }).route('/', callRoutes)

export type CallsApp = typeof app
