import type { Tx } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import { verifyPassword } from '../../_shared/password-hash.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import { hashToken } from '../../_shared/session.ts'
import { acceptTotp } from '../service/verify-second-factor.ts'
import { hashCode, recoveryCodeHash } from './codes.ts'
import { FACTOR_RULE, proofKey } from './throttle-rules.ts'
import { releaseAttempt, reserveAttempt } from '../../_shared/throttle.ts'
import { enqueueMail } from '../../_shared/mail/outbox.ts'

export type Proof = { password: string; method?: 'totp' | 'email' | 'recovery'; code?: string }

/** The challenge row that carries a step-up e-mail code for one session. */
export const stepUpKey = (sessionId: string) => hashToken(`step-up:${sessionId}`)

/**
 * Checks the current password and, when the account has a second factor, a current factor code
 * (TOTP, a step-up e-mail code sent for this session, or a recovery code). Used before changing
 * credentials. Returns 'password' or 'factor' for the part that failed, or undefined.
 */
export async function checkProof(tx: Tx, rt: Runtime, accountId: string, sessionId: string, proof: Proof): Promise<'password' | 'factor' | undefined> {
  // Every proof attempt spends from the account's budget; a success gives it back.
  const budget = await reserveAttempt(tx, proofKey(accountId), FACTOR_RULE, rt.now())
  if (!budget.allowed) return 'password'
  const failure = await verify(tx, rt, accountId, sessionId, proof)
  if (!failure) await releaseAttempt(tx, proofKey(accountId))
  return failure
}

async function verify(tx: Tx, rt: Runtime, accountId: string, sessionId: string, proof: Proof): Promise<'password' | 'factor' | undefined> {
  const [row] = await tx`select c.hash, exists (select 1 from public.mfa_factors f where f.account_id = c.account_id and f.verified_at is not null) as has_factor
                         from private.password_credentials c where c.account_id = ${accountId}`
  if (!row || !(await verifyPassword(row.hash, proof.password))) return 'password'
  if (!row.has_factor) return undefined
  if (!proof.method || !proof.code) return 'factor'
  if (proof.method === 'totp') return (await acceptTotp(tx, rt, accountId, proof.code)) ? undefined : 'factor'
  if (proof.method === 'recovery') {
    const used = await tx`update public.recovery_codes set used_at = ${rt.now()} where account_id = ${accountId}
                          and code_hash = ${recoveryCodeHash(proof.code)} and used_at is null returning id`
    if (!used.length) return 'factor'
    const [account] = await tx`select email, locale, display_name,
                                 (select count(*)::int from public.recovery_codes where account_id = a.id and used_at is null) as remaining
                               from public.accounts a where id = ${accountId}`
    await enqueueMail(tx, { to: account!.email, template: 'recovery-code-used', locale: account!.locale, params: { name: account!.display_name, remaining: String(account!.remaining) } })
    return undefined
  }
  const used = await tx`delete from private.sign_in_challenges where token_hash = ${stepUpKey(sessionId)} and purpose = 'step-up' and account_id = ${accountId}
                        and email_code_hash = ${hashCode(sessionId, proof.code)} and email_code_expires_at > ${rt.now()} returning id`
  return used.length ? undefined : 'factor'
}

/** With a factor already set up, adding another needs a session that completed a factor. */
export async function requireStepUpForMoreFactors(tx: Tx, session: SessionInfo): Promise<void> {
  if (session.aal === 'aal2') return
  const [existing] = await tx`select 1 from public.mfa_factors where account_id = ${session.accountId} and verified_at is not null limit 1`
  if (existing) throw new AppError('step_up_required', { status: 403, message: 'Sign in with your second factor to add another one.' })
}
