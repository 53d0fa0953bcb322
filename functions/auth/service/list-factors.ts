import type { Db } from '../../_shared/db.ts'
import type { SessionInfo } from '../../_shared/session.ts'

/** The account's second factors (as the user, via RLS). */
export async function listFactors(db: Db, session: SessionInfo) {
  return db.asUser(session.claims, (tx) => tx`
    select id, kind, label, created_at as "createdAt", last_used_at as "lastUsedAt"
    from public.mfa_factors where account_id = ${session.accountId} and verified_at is not null
    order by created_at`)
}

/** How many unused recovery codes the account has left (as the user, via RLS). */
export async function countRecoveryCodes(db: Db, session: SessionInfo): Promise<{ remaining: number }> {
  const [row] = await db.asUser(session.claims, (tx) => tx`
    select count(*)::int as remaining from public.recovery_codes where account_id = ${session.accountId} and used_at is null`)
  return { remaining: row!.remaining as number }
}
