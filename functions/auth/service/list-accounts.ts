import type { Db } from '../../_shared/db.ts'
import type { SessionInfo } from '../../_shared/session.ts'

/**
 * The staff user list: every account the caller may read (RLS: staff read all), with factor
 * status, the second-factor deadline and whether the invitation is still open.
 */
export async function listAccounts(db: Db, session: SessionInfo) {
  return db.asUser(session.claims, (tx) => tx`
    select a.id, a.email, a.display_name as "displayName", a.kind, a.is_admin as "isAdmin",
           a.disabled_at as "disabledAt", a.mfa_deadline as "mfaDeadline", a.created_at as "createdAt",
           coalesce(array_agg(distinct f.kind) filter (where f.verified_at is not null), '{}') as factors,
           coalesce(bool_or(i.id is not null and i.accepted_at is null and i.revoked_at is null and i.expires_at > now()), false) as "invitationPending"
    from public.accounts a
    left join public.mfa_factors f on f.account_id = a.id
    left join public.invitations i on i.account_id = a.id
    group by a.id
    order by a.kind, a.display_name`)
}
