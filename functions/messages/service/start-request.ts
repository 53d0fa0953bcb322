// Starting a conversation is shared with the chat function (functions/_shared/messages).
export { startRequest } from '../../_shared/messages/start-request.ts'
