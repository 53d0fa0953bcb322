import type { Db } from '../../_shared/db.ts'
import type { SessionInfo } from '../../_shared/session.ts'

/** The account's live sessions for the "my sessions" page, the current one marked. */
export async function listSessions(db: Db, session: SessionInfo, now: Date) {
  const rows = await db.asUser(session.claims, (tx) => tx`
    select id, aal, user_agent as "userAgent", host(ip) as ip, created_at as "createdAt", last_seen_at as "lastSeenAt"
    from public.sessions
    where account_id = ${session.accountId} and revoked_at is null and idle_expires_at > ${now} and expires_at > ${now}
    order by last_seen_at desc`)
  return rows.map((r) => ({ ...r, current: r.id === session.sessionId }))
}
