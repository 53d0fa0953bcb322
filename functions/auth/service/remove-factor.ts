import { audit, type RequestMeta } from '../../_shared/audit.ts'
import { AppError } from '../../_shared/errors.ts'
import { enqueueMail } from '../../_shared/mail/outbox.ts'
import { asServiceRole } from '../../_shared/privileged.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import { checkProof, type Proof } from '../lib/proof.ts'

/**
 * Removes one of the user's factors after proof of password and a current factor. The last
 * factor stays once the grace period is over. Throws not_found, last_factor or proof_failed.
 */
export async function removeFactor(rt: Runtime, session: SessionInfo, factorId: string, proof: Proof, meta: RequestMeta) {
  const now = rt.now()
  // Privileged: the proof reads the password hash; factor rows change only on this path.
  const outcome = await asServiceRole(rt.db, 'factor enrolment', async (tx) => {
    const factors = await tx`select id from public.mfa_factors where account_id = ${session.accountId} and verified_at is not null for update`
    if (!factors.some((f) => f.id === factorId)) return 'not_found'
    if (factors.length === 1 && session.mfaDeadline <= now) return 'last_factor'
    const failure = await checkProof(tx, rt, session.accountId, session.sessionId, proof)
    if (failure) return failure
    await tx`delete from public.mfa_factors where id = ${factorId}`
    if (factors.length === 1) await tx`delete from public.recovery_codes where account_id = ${session.accountId}`
    await enqueueMail(tx, { to: session.email, template: 'factor-removed', locale: session.account.locale, params: { name: session.account.displayName } })
    await audit(tx, { actorId: session.accountId, action: 'factor.removed', objectType: 'mfa_factor', objectId: factorId }, meta)
    return 'ok'
  })
  if (outcome === 'not_found') throw new AppError('not_found', { status: 404, message: 'Not found.' })
  if (outcome === 'last_factor') throw new AppError('last_factor', { status: 409, message: 'The last second factor cannot be removed.' })
  if (outcome !== 'ok') throw new AppError('proof_failed', { status: 403, message: 'The current password or the code is not correct.', data: { failed: outcome } })
}
