import { audit, type RequestMeta } from '../../_shared/audit.ts'
import { AppError } from '../../_shared/errors.ts'
import { enqueueMail } from '../../_shared/mail/outbox.ts'
import { asServiceRole } from '../../_shared/privileged.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import { hashCode, newNumericCode } from '../lib/codes.ts'
import { stepUpKey } from '../lib/proof.ts'
import { CODE_MINUTES, RESEND_SECONDS, maskEmail } from './send-sign-in-code.ts'

/**
 * Mails a code that proves the e-mail factor for a credential change in this session (bound to
 * the session, single use, 10 minutes). Throws factor_unavailable or resend_too_soon.
 */
export async function sendStepUpCode(rt: Runtime, session: SessionInfo, meta: RequestMeta) {
  const now = rt.now()
  // Privileged: step-up codes live with the sign-in challenges, which no user role reads.
  const result = await asServiceRole(rt.db, 'sign-in', async (tx) => {
    const [factor] = await tx`select 1 from public.mfa_factors f where f.account_id = ${session.accountId} and f.kind = 'email' and f.verified_at is not null
                              and (select email_factor_enabled from public.firm_settings where id = 1)`
    if (!factor) return 'factor_unavailable'
    const [last] = await tx`select email_code_sent_at from private.sign_in_challenges where token_hash = ${stepUpKey(session.sessionId)}`
    if (last && now.getTime() - last.email_code_sent_at.getTime() < RESEND_SECONDS * 1000) return 'resend_too_soon'
    const code = newNumericCode()
    await tx`delete from private.sign_in_challenges where token_hash = ${stepUpKey(session.sessionId)}`
    await tx`insert into private.sign_in_challenges (purpose, token_hash, account_id, expires_at, email_code_hash, email_code_sent_at, email_code_expires_at)
             values ('step-up', ${stepUpKey(session.sessionId)}, ${session.accountId}, ${new Date(now.getTime() + CODE_MINUTES * 60_000)},
                     ${hashCode(session.sessionId, code)}, ${now}, ${new Date(now.getTime() + CODE_MINUTES * 60_000)})`
    await enqueueMail(tx, { to: session.email, template: 'sign-in-code', locale: session.account.locale, params: { name: session.account.displayName, code } })
    await audit(tx, { actorId: session.accountId, action: 'factor.step_up_code_sent' }, meta)
    return 'ok'
  })
  if (result !== 'ok') throw new AppError(result, { status: result === 'resend_too_soon' ? 429 : 409, message: 'No code can be sent right now.' })
  return { sentTo: maskEmail(session.email) }
}
