import { audit, type RequestMeta } from '../../_shared/audit.ts'
import { open } from '../../_shared/crypto.ts'
import type { Tx } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import { enqueueMail } from '../../_shared/mail/outbox.ts'
import { asServiceRole } from '../../_shared/privileged.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import { createSession, hashToken } from '../../_shared/session.ts'
import { hashCode, recoveryCodeHash } from '../lib/codes.ts'
import { FACTOR_RULE, LOCK_NOTICE_AT, factorKey } from '../lib/throttle-rules.ts'
import { claimLockNotice, releaseAttempt, reserveAttempt } from '../../_shared/throttle.ts'
import { matchTotp } from '../lib/totp.ts'

export const MAX_FACTOR_ATTEMPTS = 5
export type FactorMethod = 'totp' | 'email' | 'recovery'

/** Checks a TOTP code against the account's factors; records the step so the code cannot be replayed. */
export async function acceptTotp(tx: Tx, rt: Runtime, accountId: string, code: string, onlyFactor?: string): Promise<string | undefined> {
  const factors = await tx`select id, secret_ciphertext from public.mfa_factors
                           where account_id = ${accountId} and kind = 'totp'
                             and (${onlyFactor ?? null}::uuid is null and verified_at is not null or id = ${onlyFactor ?? null})`
  for (const factor of factors) {
    const step = matchTotp(open(rt.secrets.fileMasterKey, 'totp-secret', factor.secret_ciphertext), code, rt.now())
    if (step === undefined) continue
    const updated = await tx`update public.mfa_factors set last_step = ${step}, last_used_at = ${rt.now()}
                             where id = ${factor.id} and (last_step is null or last_step < ${step}) returning id`
    if (updated.length) return factor.id as string
  }
  return undefined
}

async function check(tx: Tx, rt: Runtime, challenge: { id: string; account_id: string }, method: FactorMethod, code: string, meta: RequestMeta) {
  if (method === 'totp') return Boolean(await acceptTotp(tx, rt, challenge.account_id, code))
  if (method === 'email') {
    const used = await tx`update private.sign_in_challenges set email_code_hash = null
                          where id = ${challenge.id} and email_code_hash = ${hashCode(challenge.id, code)}
                            and email_code_expires_at > ${rt.now()} returning id`
    return used.length === 1
  }
  const used = await tx`update public.recovery_codes set used_at = ${rt.now()}
                        where account_id = ${challenge.account_id} and code_hash = ${recoveryCodeHash(code)} and used_at is null
                        returning id`
  if (used.length !== 1) return false
  const [account] = await tx`select email, locale, display_name,
                               (select count(*)::int from public.recovery_codes where account_id = a.id and used_at is null) as remaining
                             from public.accounts a where id = ${challenge.account_id}`
  await enqueueMail(tx, { to: account!.email, template: 'recovery-code-used', locale: account!.locale, params: { name: account!.display_name, remaining: String(account!.remaining) } })
  await audit(tx, { actorId: challenge.account_id, action: 'factor.recovery_code_used' }, meta)
  return true
}

/**
 * The second step of sign-in. Each call spends one of the challenge's five attempts (atomically,
 * committed even when the code is wrong); the sixth finds the challenge dead. Success deletes the
 * challenge and issues a new aal2 session token. Throws challenge_expired or invalid_code.
 */
export async function verifySecondFactor(rt: Runtime, challengeToken: string, input: { method: FactorMethod; code: string }, meta: RequestMeta) {
  const now = rt.now()
  // Privileged: the pre-auth state is not a session yet.
  const outcome = await asServiceRole(rt.db, 'sign-in', async (tx) => {
    const [challenge] = await tx`update private.sign_in_challenges set attempts = attempts + 1
                                 where token_hash = ${hashToken(challengeToken)} and purpose = 'sign-in' and expires_at > ${now} and attempts < ${MAX_FACTOR_ATTEMPTS}
                                 returning id, account_id, attempts`
    if (!challenge) return { kind: 'expired' as const }
    // The account's factor budget (not reset by a correct password): past it, nothing is evaluated.
    const budget = await reserveAttempt(tx, factorKey(challenge.account_id), FACTOR_RULE, now)
    const ok = budget.allowed && (await check(tx, rt, challenge as never, input.method, input.code, meta))
    if (ok) await releaseAttempt(tx, factorKey(challenge.account_id))
    if (!ok) {
      await audit(tx, { actorId: challenge.account_id, action: 'sign_in.factor_failed', result: 'failed', detail: { method: input.method, throttled: !budget.allowed } }, meta)
      if ((!budget.allowed || budget.failures >= LOCK_NOTICE_AT) && (await claimLockNotice(tx, factorKey(challenge.account_id), now))) {
        const [account] = await tx`select email, locale, display_name from public.accounts where id = ${challenge.account_id}`
        await enqueueMail(tx, { to: account!.email, template: 'account-locked', locale: account!.locale, params: { name: account!.display_name, link: `${meta.origin}/anmelden` } })
      }
      if (challenge.attempts >= MAX_FACTOR_ATTEMPTS) await tx`delete from private.sign_in_challenges where id = ${challenge.id}`
      return { kind: 'wrong' as const, attemptsLeft: MAX_FACTOR_ATTEMPTS - (challenge.attempts as number) }
    }
    await tx`delete from private.sign_in_challenges where id = ${challenge.id}`
    await tx`update public.accounts set last_sign_in_at = ${now} where id = ${challenge.account_id}`
    const t = Math.floor(now.getTime() / 1000)
    const session = await createSession(tx, {
      accountId: challenge.account_id,
      aal: 'aal2',
      amr: [{ method: 'password', timestamp: t }, { method: input.method, timestamp: t }],
      userAgent: meta.userAgent,
      ip: meta.ip,
    })
    await audit(tx, { actorId: challenge.account_id, action: 'sign_in.succeeded', detail: { aal: 'aal2', method: input.method } }, meta)
    return { kind: 'ok' as const, token: session.token }
  })
  if (outcome.kind === 'expired')
    throw new AppError('challenge_expired', { status: 401, message: 'The sign-in has expired. Please start again with your password.' })
  if (outcome.kind === 'wrong')
    throw new AppError('invalid_code', { status: 401, message: 'The code is not valid.', data: { attemptsLeft: outcome.attemptsLeft } })
  return { token: outcome.token }
}
