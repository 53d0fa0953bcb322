import type { SessionInfo } from '../../_shared/session.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import { markReadUpTo } from './post-message.ts'

/**
 * Marks a conversation as read by the signed-in person up to a message (default: the latest).
 * not_found for a conversation the person cannot see or a message not in it.
 */
export async function markRead(rt: Runtime, session: SessionInfo, itemId: string, messageId?: string) {
  return rt.db.asUser(session.claims, (tx) => markReadUpTo(tx, session.accountId, itemId, messageId))
}
