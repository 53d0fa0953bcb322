import { audit, type RequestMeta } from '../../_shared/audit.ts'
import { AppError } from '../../_shared/errors.ts'
import { enqueueMail } from '../../_shared/mail/outbox.ts'
import { asServiceRole } from '../../_shared/privileged.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import { newRecoveryCodes, recoveryCodeHash } from '../lib/codes.ts'
import { checkProof, type Proof } from '../lib/proof.ts'

/**
 * Replaces all recovery codes with ten new ones (shown once) after proof of password and a
 * current factor; the old codes stop working at once and the user gets a mail. Throws
 * no_factor when the account has no second factor, proof_failed otherwise.
 */
export async function renewRecoveryCodes(rt: Runtime, session: SessionInfo, proof: Proof, meta: RequestMeta) {
  // Privileged: the proof reads the password hash; recovery codes are written only here and at enrolment.
  const result = await asServiceRole(rt.db, 'factor enrolment', async (tx) => {
    const [factor] = await tx`select 1 from public.mfa_factors where account_id = ${session.accountId} and verified_at is not null limit 1`
    if (!factor) return { error: 'no_factor' as const }
    const failure = await checkProof(tx, rt, session.accountId, session.sessionId, proof)
    if (failure) return { error: 'proof_failed' as const, failed: failure }
    const codes = newRecoveryCodes()
    await tx`delete from public.recovery_codes where account_id = ${session.accountId}`
    for (const code of codes) await tx`insert into public.recovery_codes (account_id, code_hash) values (${session.accountId}, ${recoveryCodeHash(code)})`
    await enqueueMail(tx, { to: session.email, template: 'recovery-codes-renewed', locale: session.account.locale, params: { name: session.account.displayName } })
    await audit(tx, { actorId: session.accountId, action: 'factor.recovery_codes_renewed' }, meta)
    return { codes }
  })
  if ('error' in result) {
    if (result.error === 'no_factor') throw new AppError('no_factor', { status: 409, message: 'Set up a second factor first.' })
    throw new AppError('proof_failed', { status: 403, message: 'The current password or the code is not correct.', data: { failed: result.failed } })
  }
  return { recoveryCodes: result.codes }
}
