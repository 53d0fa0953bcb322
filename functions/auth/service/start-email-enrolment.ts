import { audit, type RequestMeta } from '../../_shared/audit.ts'
import { AppError } from '../../_shared/errors.ts'
import { enqueueMail } from '../../_shared/mail/outbox.ts'
import { asServiceRole } from '../../_shared/privileged.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import { hashCode, newNumericCode } from '../lib/codes.ts'
import { requireStepUpForMoreFactors } from '../lib/proof.ts'
import { CODE_MINUTES, RESEND_SECONDS, maskEmail } from './send-sign-in-code.ts'

/**
 * Starts setting up the e-mail factor: mails a code to the account's address. Throws
 * factor_unavailable when an admin switched the e-mail factor off, factor_exists when it is
 * already set up, resend_too_soon within RESEND_SECONDS of the last code.
 */
export async function startEmailEnrolment(rt: Runtime, session: SessionInfo, meta: RequestMeta) {
  const now = rt.now()
  // Privileged: factor state is writable only by the enrolment path.
  const result = await asServiceRole(rt.db, 'factor enrolment', async (tx) => {
    await requireStepUpForMoreFactors(tx, session)
    const [settings] = await tx`select email_factor_enabled from public.firm_settings where id = 1`
    if (settings && !settings.email_factor_enabled) return { error: 'factor_unavailable' as const }
    const [existing] = await tx`select id, verified_at, enrol_code_expires_at from public.mfa_factors
                                where account_id = ${session.accountId} and kind = 'email' for update`
    if (existing?.verified_at) return { error: 'factor_exists' as const }
    const sentAt = existing?.enrol_code_expires_at ? existing.enrol_code_expires_at.getTime() - CODE_MINUTES * 60_000 : 0
    if (existing && now.getTime() - sentAt < RESEND_SECONDS * 1000) return { error: 'resend_too_soon' as const }
    const [factor] = existing
      ? [existing]
      : await tx`insert into public.mfa_factors (account_id, kind, label) values (${session.accountId}, 'email', ${maskEmail(session.email)}) returning id`
    const code = newNumericCode()
    await tx`update public.mfa_factors set enrol_code_hash = ${hashCode(factor!.id, code)}, enrol_attempts = 0,
             enrol_code_expires_at = ${new Date(now.getTime() + CODE_MINUTES * 60_000)} where id = ${factor!.id}`
    const [account] = await tx`select email, locale, display_name from public.accounts where id = ${session.accountId}`
    await enqueueMail(tx, { to: account!.email, template: 'factor-code', locale: account!.locale, params: { name: account!.display_name, code } })
    await audit(tx, { actorId: session.accountId, action: 'factor.email_code_sent' }, meta)
    return { factorId: factor!.id as string, sentTo: maskEmail(account!.email) }
  })
  if ('error' in result) {
    const code = result.error as string
    throw new AppError(code, { status: code === 'resend_too_soon' ? 429 : 409, message: 'The e-mail factor cannot be set up right now.' })
  }
  return result as { factorId: string; sentTo: string }
}
