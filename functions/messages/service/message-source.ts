import type { RequestMeta } from '../../_shared/audit.ts'
import type { Db } from '../../_shared/db.ts'
import { runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import { messagesOf, type MessageView } from './list-messages.ts'
import { postMessage } from './post-message.ts'

/**
 * A message committed up to this long after a later one can carry an earlier time: catch-up looks
 * back this far behind the cursor, and the ids the browser already holds are skipped.
 */
export const CATCH_UP_OVERLAP_MS = 5000

/**
 * The messages of live delivery: what the realtime hub (functions/realtime) reads and posts for a
 * socket — always as the socket's person, so the policies decide who reads which conversation and
 * who may write in it. The hub knows only its own MessageSource shape (functions/realtime/hub.ts);
 * the gateway (functions/_server/gateway.ts) hands it this one, so realtime imports no messages code.
 */
export const messageSource = {
  async load(db: Db, session: SessionInfo, itemId: string, id: string): Promise<MessageView | undefined> {
    const [message] = await db.asUser(session.claims, (tx) => messagesOf(tx, runtime(), itemId, { ids: [id], limit: 1 }))
    return message
  },
  async listAfter(db: Db, session: SessionInfo, itemId: string, afterId: string | null): Promise<MessageView[]> {
    return db.asUser(session.claims, (tx) => messagesOf(tx, runtime(), itemId, { afterId: afterId ?? undefined, overlapMs: afterId ? CATCH_UP_OVERLAP_MS : undefined, limit: 500 }))
  },
  async post(db: Db, session: SessionInfo, itemId: string, input: { body: string; attachmentIds: string[]; clientRef: string }, meta: RequestMeta) {
    // A chat message is announced live over the socket; no mail per line (mail: false).
    return postMessage({ ...runtime(), db }, session, itemId, input, meta, { mail: false })
  },
}
