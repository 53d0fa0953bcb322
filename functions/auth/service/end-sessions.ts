import { audit, type RequestMeta } from '../../_shared/audit.ts'
import type { Db } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import type { SessionInfo } from '../../_shared/session.ts'

/**
 * Ends one of the account's sessions, or all but the current one (which: 'others'). RLS limits
 * the update to the account's own sessions: a foreign id answers not_found.
 */
export async function endSessions(db: Db, session: SessionInfo, which: string, meta: RequestMeta, now: Date): Promise<{ ended: number }> {
  return db.asUser(session.claims, async (tx) => {
    const rows =
      which === 'others'
        ? await tx`update public.sessions set revoked_at = ${now} where account_id = ${session.accountId} and id <> ${session.sessionId} and revoked_at is null returning id`
        : await tx`update public.sessions set revoked_at = ${now} where id = ${which} and revoked_at is null returning id`
    if (which !== 'others' && rows.length === 0) throw new AppError('not_found', { status: 404, message: 'Not found.' })
    await audit(tx, { actorId: session.accountId, action: 'session.ended', detail: { which: which === 'others' ? 'others' : 'one', count: rows.length } }, meta)
    return { ended: rows.length }
  })
}
