import { audit, type RequestMeta } from '../../_shared/audit.ts'
import { AppError } from '../../_shared/errors.ts'
import { enqueueMail } from '../../_shared/mail/outbox.ts'
import { asServiceRole } from '../../_shared/privileged.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import { hashToken } from '../../_shared/session.ts'
import { hashCode, newNumericCode } from '../lib/codes.ts'

export const CODE_MINUTES = 10
export const RESEND_SECONDS = 60

/**
 * Mails a 6-digit code for this sign-in attempt. The code is stored hashed and bound to the
 * challenge; a new code replaces the old one; resends wait RESEND_SECONDS. Throws
 * challenge_expired, factor_unavailable (no e-mail factor, or switched off) or resend_too_soon.
 */
export async function sendSignInCode(rt: Runtime, challengeToken: string, meta: RequestMeta): Promise<{ sentTo: string }> {
  const now = rt.now()
  // Privileged: the pre-auth state is not a session yet.
  const result = await asServiceRole(rt.db, 'sign-in', async (tx) => {
    const [row] = await tx`
      select c.id, c.email_code_sent_at, a.id as account_id, a.email, a.locale, a.display_name,
             exists (select 1 from public.mfa_factors f where f.account_id = a.id and f.kind = 'email' and f.verified_at is not null)
               and (select email_factor_enabled from public.firm_settings where id = 1) as available
      from private.sign_in_challenges c join public.accounts a on a.id = c.account_id
      where c.token_hash = ${hashToken(challengeToken)} and c.purpose = 'sign-in' and c.expires_at > ${now} and c.attempts < 5
      for update of c`
    if (!row) return { error: 'expired' as const }
    if (!row.available) return { error: 'unavailable' as const }
    const wait = row.email_code_sent_at ? RESEND_SECONDS - (now.getTime() - row.email_code_sent_at.getTime()) / 1000 : 0
    if (wait > 0) return { error: 'too_soon' as const, wait: Math.ceil(wait) }
    const code = newNumericCode()
    await tx`update private.sign_in_challenges set email_code_hash = ${hashCode(row.id, code)}, email_code_sent_at = ${now},
             email_code_expires_at = ${new Date(now.getTime() + CODE_MINUTES * 60_000)} where id = ${row.id}`
    await enqueueMail(tx, { to: row.email, template: 'sign-in-code', locale: row.locale, params: { name: row.display_name, code } })
    await audit(tx, { actorId: row.account_id, action: 'sign_in.email_code_sent' }, meta)
    return { sentTo: maskEmail(row.email) }
  })
  if ('error' in result) {
    if (result.error === 'expired') throw new AppError('challenge_expired', { status: 401, message: 'The sign-in has expired. Please start again with your password.' })
    if (result.error === 'unavailable') throw new AppError('factor_unavailable', { status: 409, message: 'The e-mail code is not available for this account.' })
    throw new AppError('resend_too_soon', { status: 429, message: 'Please wait before requesting another code.', data: { retryAfterSeconds: result.wait } })
  }
  return result
}

/** "a•••@kanzlei.de": enough to recognise one's address, not enough to harvest it. */
export function maskEmail(email: string): string {
  const [local, domain] = email.split('@')
  return `${local!.slice(0, 1)}•••@${domain}`
}
