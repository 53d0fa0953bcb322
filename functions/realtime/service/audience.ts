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
 * A message's attachments per person, each person only the documents they may see (the items
 * policy's audience rule, private.realtime_attachments): one statement per event, whatever the
 * number of readers. A person without any visible attachment has no entry.
 */
export async function attachmentsFor(db: Db, messageId: string, accountIds: string[]): Promise<Map<string, AttachmentView[]>> {
  const out = new Map<string, AttachmentView[]>()
  if (accountIds.length === 0) return out
  const rows = await asServiceRole(db, 'realtime delivery', (tx) =>
    tx`select account_id, id, title, filename, size, media_type from private.realtime_attachments(${messageId}, ${accountIds}::uuid[])`)
  for (const r of rows) {
    const list = out.get(r.account_id as string) ?? []
    list.push({ id: r.id, title: r.title, filename: r.filename, size: r.size === null ? null : Number(r.size), mediaType: r.media_type })
    out.set(r.account_id as string, list)
  }
  return out
}
