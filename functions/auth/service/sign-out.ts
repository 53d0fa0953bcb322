import { audit, type RequestMeta } from '../../_shared/audit.ts'
import type { Db } from '../../_shared/db.ts'
import type { SessionInfo } from '../../_shared/session.ts'

/** Ends the current session (as the user: the policy lets an account end its own sessions). */
export async function signOut(db: Db, session: SessionInfo, meta: RequestMeta, now: Date): Promise<void> {
  await db.asUser(session.claims, async (tx) => {
    await tx`update public.sessions set revoked_at = ${now} where id = ${session.sessionId} and revoked_at is null`
    await audit(tx, { actorId: session.accountId, action: 'session.signed_out' }, meta)
  })
}
