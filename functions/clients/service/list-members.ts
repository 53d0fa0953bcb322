import type { Db } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import type { SessionInfo } from '../../_shared/session.ts'

/** A client's team as the caller may see it: people, roles, effective rights, expiry, last sign-in. */
export async function listMembers(db: Db, session: SessionInfo, clientId: string) {
  return db.asUser(session.claims, async (tx) => {
    const [client] = await tx`select 1 from public.clients where id = ${clientId}`
    if (!client) throw new AppError('not_found', { status: 404, message: 'Not found.' })
    return tx`
    select m.id, m.account_id as "accountId", coalesce(a.display_name, m.invited_name) as "displayName",
           coalesce(a.email, m.invited_email) as email, m.role, m.accepted_at is not null as accepted,
           m.rights as "narrowedRights", private.effective_rights(m.role, m.rights) as rights,
           m.expires_at as "expiresAt", m.revoked_at as "revokedAt", m.created_at as "createdAt",
           g.display_name as "grantedBy", a.last_sign_in_at as "lastSignInAt",
           (m.accepted_at is not null and m.revoked_at is null and (m.expires_at is null or m.expires_at > now())) as active
    from public.client_members m
    left join public.accounts a on a.id = m.account_id
    left join public.accounts g on g.id = m.granted_by
    where m.client_id = ${clientId}
    order by private.role_rank(m.role) desc, a.display_name`
  })
}
