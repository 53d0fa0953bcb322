import type { Db } from '../../_shared/db.ts'
import { asServiceRole } from '../../_shared/privileged.ts'

/**
 * Of the given sessions, those that may receive an event about the item now: one statement per
 * event (private.realtime_readers — a live session whose person passes the items policy's own
 * audience rule, item_visible). Privileged because one check covers many readers at once; the
 * rule itself is the policy's, not a copy in TypeScript.
 */
export async function readersOf(db: Db, itemId: string, sessionIds: string[], at: Date): Promise<Set<string>> {
  if (sessionIds.length === 0) return new Set()
  const rows = await asServiceRole(db, 'realtime delivery', (tx) =>
    tx`select session_id from private.realtime_readers(${itemId}, ${sessionIds}::uuid[], ${at})`)
  return new Set(rows.map((r) => r.session_id as string))
}

/** Of the given sessions, those still live (revoked, expired or disabled ones are closed). */
export async function liveSessions(db: Db, sessionIds: string[], at: Date): Promise<Set<string>> {
  if (sessionIds.length === 0) return new Set()
  const rows = await asServiceRole(db, 'realtime delivery', (tx) =>
    tx`select session_id from private.realtime_live_sessions(${sessionIds}::uuid[], ${at})`)
  return new Set(rows.map((r) => r.session_id as string))
}

export type AttachmentView = { id: string; title: string; filename: string | null; size: number | null; mediaType: string | null }

/**
 * readersOf for a new or edited message, with each allowed session's view of its attachments
 * (only documents that session's person may see; private.realtime_message_readers): still one
 * statement per event, whatever the number of readers.
 */
export async function messageReadersOf(db: Db, itemId: string, sessionIds: string[], at: Date, messageId: string): Promise<Map<string, AttachmentView[]>> {
  const out = new Map<string, AttachmentView[]>()
  if (sessionIds.length === 0) return out
  const rows = await asServiceRole(db, 'realtime delivery', (tx) =>
    tx`select session_id, attachments from private.realtime_message_readers(${itemId}, ${sessionIds}::uuid[], ${at}, ${messageId})`)
  for (const r of rows)
    out.set(r.session_id as string, (r.attachments as AttachmentView[]).map((x) => ({ ...x, size: x.size === null ? null : Number(x.size) })))
  return out
}
