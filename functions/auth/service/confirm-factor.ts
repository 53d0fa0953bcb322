import { audit, type RequestMeta } from '../../_shared/audit.ts'
import { AppError } from '../../_shared/errors.ts'
import { enqueueMail } from '../../_shared/mail/outbox.ts'
import { asServiceRole } from '../../_shared/privileged.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import { createSession, type SessionInfo } from '../../_shared/session.ts'
import { hashCode, newRecoveryCodes, recoveryCodeHash } from '../lib/codes.ts'
import { acceptTotp } from './verify-second-factor.ts'

/**
 * Confirms a factor being set up with a valid code. The first factor also yields ten recovery
 * codes (shown once), ends the account's other sessions and upgrades this one to aal2 with a new
 * token. Throws invalid_code
 * (5 tries for an e-mail code) or not_found for a factor that is not the caller's.
 */
export async function confirmFactor(rt: Runtime, session: SessionInfo, factorId: string, code: string, meta: RequestMeta) {
  const now = rt.now()
  // Privileged: only this path may mark a factor verified.
  const result = await asServiceRole(rt.db, 'factor enrolment', async (tx) => {
    const [factor] = await tx`select id, kind, enrol_code_hash, enrol_code_expires_at, enrol_attempts from public.mfa_factors
                              where id = ${factorId} and account_id = ${session.accountId} and verified_at is null for update`
    if (!factor) return { error: 'not_found' as const }
    let ok: boolean
    if (factor.kind === 'totp') ok = Boolean(await acceptTotp(tx, rt, session.accountId, code, factor.id))
    else {
      ok = factor.enrol_attempts < 5 && factor.enrol_code_expires_at > now && Boolean(factor.enrol_code_hash) && hashCode(factor.id, code).equals(factor.enrol_code_hash)
      await tx`update public.mfa_factors set enrol_attempts = enrol_attempts + 1 where id = ${factor.id}`
    }
    if (!ok) return { error: 'invalid_code' as const }
    await tx`update public.mfa_factors set verified_at = ${now}, enrol_code_hash = null, enrol_code_expires_at = null where id = ${factor.id}`
    const [{ count }] = (await tx`select count(*)::int as count from public.mfa_factors where account_id = ${session.accountId} and verified_at is not null`) as unknown as [{ count: number }]
    let recoveryCodes: string[] | undefined
    if (count === 1) {
      recoveryCodes = newRecoveryCodes()
      await tx`delete from public.recovery_codes where account_id = ${session.accountId}`
      for (const rc of recoveryCodes) await tx`insert into public.recovery_codes (account_id, code_hash) values (${session.accountId}, ${recoveryCodeHash(rc)})`
    }
    let token: string | undefined
    // Only the first factor upgrades the session: with a factor already there, enrolling another
    // needs an aal2 session (startTotpEnrolment / startEmailEnrolment refuse otherwise). The
    // account's other password-only sessions end, so a leaked password cannot enrol its own.
    if (count === 1 && session.aal !== 'aal2') {
      await tx`update public.sessions set revoked_at = ${now} where account_id = ${session.accountId} and revoked_at is null`
      const t = Math.floor(now.getTime() / 1000)
      token = (await createSession(tx, { accountId: session.accountId, aal: 'aal2', amr: [...session.amr, { method: factor.kind, timestamp: t }], userAgent: meta.userAgent, ip: meta.ip })).token
    }
    const [account] = await tx`select email, locale, display_name from public.accounts where id = ${session.accountId}`
    await enqueueMail(tx, { to: account!.email, template: 'factor-added', locale: account!.locale, params: { name: account!.display_name } })
    await audit(tx, { actorId: session.accountId, action: 'factor.enrolled', objectType: 'mfa_factor', objectId: factor.id, detail: { kind: factor.kind } }, meta)
    return { kind: factor.kind as 'totp' | 'email', recoveryCodes, token }
  })
  if ('error' in result) {
    if (result.error === 'not_found') throw new AppError('not_found', { status: 404, message: 'Not found.' })
    throw new AppError('invalid_code', { status: 401, message: 'The code is not valid.' })
  }
  return result
}
