import { audit, type RequestMeta } from '../../_shared/audit.ts'
import type { Db } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import type { SessionInfo } from '../../_shared/session.ts'

/** The memberships waiting for the caller to accept (someone added them to a client). */
export async function listPendingMemberships(db: Db, session: SessionInfo) {
  return db.asUser(session.claims, (tx) => tx`
    select m.id, m.client_id as "clientId", c.name as "clientName", m.role, m.created_at as "createdAt"
    from public.client_members m join public.clients c on c.id = m.client_id
    where m.account_id = ${session.accountId} and m.accepted_at is null and m.revoked_at is null
    order by m.created_at`)
}

/** The person accepts a membership; only then does it grant anything. */
export async function acceptMembership(db: Db, session: SessionInfo, memberId: string, meta: RequestMeta, now: Date) {
  return db.asUser(session.claims, async (tx) => {
    const rows = await tx`update public.client_members set accepted_at = ${now}
                          where id = ${memberId} and account_id = ${session.accountId} and accepted_at is null and revoked_at is null
                          returning client_id`
    if (!rows.length) throw new AppError('not_found', { status: 404, message: 'Not found.' })
    await audit(tx, { actorId: session.accountId, clientId: rows[0]!.client_id, action: 'member.accepted', objectType: 'client_member', objectId: memberId }, meta)
    return { accepted: true }
  })
}
