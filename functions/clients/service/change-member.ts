import { audit, type RequestMeta } from '../../_shared/audit.ts'
import type { Db } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import type { SessionInfo } from '../../_shared/session.ts'

/**
 * Changes a membership's role, rights or expiry, or revokes it (effective on the person's next
 * request). The policies decide who may: staff, or a manager for memberships below their own and
 * never beyond their own rights. Anything else answers not_found.
 */
export async function changeMember(
  db: Db,
  session: SessionInfo,
  clientId: string,
  memberId: string,
  change: { role?: string; rights?: string[] | null; expiresAt?: Date | null; revoke?: boolean },
  meta: RequestMeta,
  now: Date,
) {
  return db.asUser(session.claims, async (tx) => {
    const rows = await tx`
      update public.client_members set
        role = coalesce(${change.role ?? null}, role),
        rights = case when ${change.rights !== undefined} then ${change.rights ?? null}::text[] else rights end,
        expires_at = case when ${change.expiresAt !== undefined} then ${change.expiresAt ?? null}::timestamptz else expires_at end,
        revoked_at = case when ${Boolean(change.revoke)} then ${now}::timestamptz else revoked_at end
      where id = ${memberId} and client_id = ${clientId} and revoked_at is null
      returning id`
    if (!rows.length) throw new AppError('not_found', { status: 404, message: 'Not found.' })
    await audit(tx, { actorId: session.accountId, clientId, action: change.revoke ? 'member.revoked' : 'member.changed', objectType: 'client_member', objectId: memberId, detail: change }, meta)
    return { changed: true }
  })
}
