import { messagesOf } from '../../_shared/messages/list-messages.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'

// Reading messages is shared with the realtime hub (functions/_shared/messages).
export { messagesOf }

/** The messages of a conversation for the signed-in person (see messagesOf). */
export async function listMessages(rt: Runtime, session: SessionInfo, itemId: string, options: { afterId?: string; limit?: number; overlapMs?: number } = {}) {
  return rt.db.asUser(session.claims, (tx) => messagesOf(tx, rt, itemId, options))
}
