import { audit, type RequestMeta } from '../../_shared/audit.ts'
import { AppError } from '../../_shared/errors.ts'
import { enqueueMail } from '../../_shared/mail/outbox.ts'
import { hashPassword } from '../../_shared/password-hash.ts'
import { checkPasswordLoaded } from '../../_shared/password-basics.ts'
import { asServiceRole } from '../../_shared/privileged.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import { checkProof, type Proof } from '../lib/proof.ts'

/**
 * Changes the password after proof of the current password and a current factor. Other sessions
 * end unless the user keeps them; the user gets a mail. Throws proof_failed or password_rejected.
 */
export async function changePassword(rt: Runtime, session: SessionInfo, input: Proof & { newPassword: string; endOtherSessions: boolean }, meta: RequestMeta) {
  const now = rt.now()
  const [firm] = await rt.db.asUser(session.claims, (tx) => tx`select firm_name from public.firm_settings where id = 1`)
  const verdict = await checkPasswordLoaded(input.newPassword, { firmName: firm?.firm_name, name: session.account.displayName, email: session.email })
  if (!verdict.ok) throw new AppError('password_rejected', { status: 422, message: 'The password does not meet the rules.', data: { problems: verdict.problems } })
  const hash = await hashPassword(input.newPassword)
  // Privileged: password hashes are not readable by any user role.
  const failed = await asServiceRole(rt.db, 'password change', async (tx) => {
    const failure = await checkProof(tx, rt, session.accountId, session.sessionId, input)
    if (failure) return failure
    await tx`update private.password_credentials set hash = ${hash}, changed_at = ${now} where account_id = ${session.accountId}`
    if (input.endOtherSessions)
      await tx`update public.sessions set revoked_at = ${now} where account_id = ${session.accountId} and id <> ${session.sessionId} and revoked_at is null`
    await enqueueMail(tx, { to: session.email, template: 'password-changed', locale: session.account.locale, params: { name: session.account.displayName, sessionsEnded: input.endOtherSessions ? 'yes' : 'no' } })
    await audit(tx, { actorId: session.accountId, action: 'password.changed', detail: { endOtherSessions: input.endOtherSessions } }, meta)
    return undefined
  })
  if (failed) throw new AppError('proof_failed', { status: 403, message: 'The current password or the code is not correct.', data: { failed } })
}
