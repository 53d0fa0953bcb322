import type { RequestMeta } from '../../_shared/audit.ts'
import type { Db } from '../../_shared/db.ts'
import { runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import { messagesOf, type MessageView } from '../../_shared/messages/list-messages.ts'
import { postMessage } from '../../_shared/messages/post-message.ts'

export type { MessageView }

/**
 * A message committed up to this long after a later one can carry an earlier time: catch-up looks
 * back this far behind the cursor, and the ids the browser already holds are skipped.
 */
export const CATCH_UP_OVERLAP_MS = 5000

/** Where the hub reads and writes messages — always as the person of the socket (RLS decides). */
export type MessageSource = {
  load(db: Db, session: SessionInfo, itemId: string, id: string): Promise<MessageView | undefined>
  listAfter(db: Db, session: SessionInfo, itemId: string, afterId: string | null): Promise<MessageView[]>
  post(db: Db, session: SessionInfo, itemId: string, input: { body: string; attachmentIds: string[]; clientRef: string }, meta: RequestMeta): Promise<{ id: string; createdAt: Date }>
}

/** The shared messages code (functions/_shared/messages) as the hub uses it. */
export const messageSource: MessageSource = {
  async load(db, session, itemId, id) {
    const [message] = await db.asUser(session.claims, (tx) => messagesOf(tx, runtime(), itemId, { ids: [id], limit: 1 }))
    return message
  },
  async listAfter(db, session, itemId, afterId) {
    return db.asUser(session.claims, (tx) => messagesOf(tx, runtime(), itemId, { afterId: afterId ?? undefined, overlapMs: afterId ? CATCH_UP_OVERLAP_MS : undefined, limit: 500 }))
  },
  async post(db, session, itemId, input, meta) {
    // A chat message is announced live over the socket; no mail per line (mail: false).
    return postMessage({ ...runtime(), db }, session, itemId, input, meta, { mail: false })
  },
}
