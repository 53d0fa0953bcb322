// Posting and read marks are shared with the realtime hub and the chat (functions/_shared/messages).
export { markReadUpTo, postMessage } from '../../_shared/messages/post-message.ts'
