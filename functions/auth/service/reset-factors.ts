import { audit, type RequestMeta } from '../../_shared/audit.ts'
import { AppError } from '../../_shared/errors.ts'
import { enqueueAccountMail } from '../../_shared/mail/outbox.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'

export const RESET_GRACE_HOURS = 24

/**
 * For a lost phone: staff remove all second factors and recovery codes of another account after
 * stating a reason; the person gets a fresh 24-hour grace period and a mail, and the action is
 * audited. Runs as the staff member: the policies decide (admins also for staff accounts).
 */
export async function resetFactors(rt: Runtime, session: SessionInfo, accountId: string, reason: string, meta: RequestMeta) {
  const now = rt.now()
  return rt.db.asUser(session.claims, async (tx) => {
    const updated = await tx`update public.accounts set mfa_deadline = ${new Date(now.getTime() + RESET_GRACE_HOURS * 3600_000)}, updated_at = ${now}
                             where id = ${accountId} returning id`
    if (!updated.length) throw new AppError('not_found', { status: 404, message: 'Not found.' })
    const removed = await tx`delete from public.mfa_factors where account_id = ${accountId} returning kind`
    await tx`delete from public.recovery_codes where account_id = ${accountId}`
    // Sessions that relied on the removed factors end; the person signs in again and enrols.
    await tx`update public.sessions set revoked_at = ${now} where account_id = ${accountId} and revoked_at is null`
    await enqueueAccountMail(tx, accountId, 'factors-reset', { reason, link: '/anmelden' })
    await audit(tx, { actorId: session.accountId, action: 'factor.reset_by_staff', objectType: 'account', objectId: accountId, detail: { reason, removed: removed.length } }, meta)
    return { removed: removed.length, mfaDeadline: new Date(now.getTime() + RESET_GRACE_HOURS * 3600_000).toISOString() }
  })
}
