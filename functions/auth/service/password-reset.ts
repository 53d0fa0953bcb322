import { audit, type RequestMeta } from '../../_shared/audit.ts'
import { randomToken } from '../../_shared/crypto.ts'
import { AppError } from '../../_shared/errors.ts'
import { log } from '../../_shared/log.ts'
import { enqueueMail } from '../../_shared/mail/outbox.ts'
import { hashPassword } from '../../_shared/password-hash.ts'
import { checkPasswordLoaded } from '../../_shared/password-basics.ts'
import { asServiceRole } from '../../_shared/privileged.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import { hashToken } from '../../_shared/session.ts'
import { accountKey } from '../lib/throttle-rules.ts'

export const RESET_MINUTES = 60

/**
 * Starts a password reset. The caller answers at once, the same for every address; the work
 * (and the mail, for an enabled account only) happens afterwards, so neither the answer nor its
 * timing tells whether the address exists. Returns the background work for tests to await.
 */
export function requestPasswordReset(rt: Runtime, email: string, meta: RequestMeta): Promise<void> {
  const now = rt.now()
  // Privileged: the requester is not signed in.
  return asServiceRole(rt.db, 'password reset', async (tx) => {
    const [account] = await tx`select id, email, locale, display_name from public.accounts
                               where lower(email) = ${email.trim().toLowerCase()} and disabled_at is null`
    if (!account) return
    const recent = await tx`select 1 from private.password_resets where account_id = ${account.id} and created_at > ${new Date(now.getTime() - 60_000)}`
    if (recent.length) return // one mail a minute per account
    const token = randomToken(32)
    await tx`update private.password_resets set used_at = ${now} where account_id = ${account.id} and used_at is null`
    await tx`insert into private.password_resets (account_id, token_hash, expires_at)
             values (${account.id}, ${hashToken(token)}, ${new Date(now.getTime() + RESET_MINUTES * 60_000)})`
    await enqueueMail(tx, { to: account.email, template: 'password-reset', locale: account.locale, params: { name: account.display_name, link: `${meta.origin}/passwort-zuruecksetzen#${token}` } })
    await audit(tx, { actorId: account.id, action: 'password.reset_requested' }, meta)
  }).catch((err) => log.error('password reset request failed', { requestId: meta.requestId, error: err }))
}

/**
 * Sets a new password with a reset token. It never signs anyone in (the second factor is still
 * needed) and ends every session and pending sign-in of the account. Throws reset_invalid or
 * password_rejected.
 */
export async function completePasswordReset(rt: Runtime, token: string, password: string, meta: RequestMeta): Promise<void> {
  const now = rt.now()
  // Privileged: the person is not signed in; the token is the proof.
  const account = await asServiceRole(rt.db, 'password reset', async (tx) => {
    const [row] = await tx`select r.id, a.id as account_id, a.email, a.display_name, a.locale,
                                  (select firm_name from public.firm_settings where id = 1) as firm_name
                           from private.password_resets r join public.accounts a on a.id = r.account_id
                           where r.token_hash = ${hashToken(token)} and r.used_at is null and r.expires_at > ${now} and a.disabled_at is null`
    return row
  })
  if (!account) throw new AppError('reset_invalid', { status: 404, message: 'This link is not valid (any more).' })
  const verdict = await checkPasswordLoaded(password, { firmName: account.firm_name, name: account.display_name, email: account.email })
  if (!verdict.ok) throw new AppError('password_rejected', { status: 422, message: 'The password does not meet the rules.', data: { problems: verdict.problems } })
  const hash = await hashPassword(password)
  const done = await asServiceRole(rt.db, 'password reset', async (tx) => {
    const used = await tx`update private.password_resets set used_at = ${now} where id = ${account.id} and used_at is null returning id`
    if (!used.length) return false
    await tx`insert into private.password_credentials (account_id, hash, changed_at) values (${account.account_id}, ${hash}, ${now})
             on conflict (account_id) do update set hash = excluded.hash, changed_at = excluded.changed_at`
    await tx`update public.sessions set revoked_at = ${now} where account_id = ${account.account_id} and revoked_at is null`
    await tx`delete from private.sign_in_challenges where account_id = ${account.account_id}`
    // Open invitations die (they would set a password again), and the person is no longer
    // locked out by someone else's wrong guesses.
    await tx`update public.invitations set revoked_at = ${now} where account_id = ${account.account_id} and accepted_at is null and revoked_at is null`
    await tx`delete from private.sign_in_throttle where key = ${accountKey(account.email)} or key like ${accountKey(account.email) + ':from:%'}`
    await enqueueMail(tx, { to: account.email, template: 'password-changed', locale: account.locale, params: { name: account.display_name, sessionsEnded: 'yes' } })
    await audit(tx, { actorId: account.account_id, action: 'password.reset_completed' }, meta)
    return true
  })
  if (!done) throw new AppError('reset_invalid', { status: 404, message: 'This link is not valid (any more).' })
}

/**
 * What the reset page shows before a new password is set (and the context the live password
 * check needs): the account's name, address and the firm. Unknown, used, expired: one answer.
 */
export async function inspectPasswordReset(rt: Runtime, token: string) {
  // Privileged: the person is not signed in; the token is the proof.
  const [row] = await asServiceRole(rt.db, 'password reset', (tx) => tx`
    select a.email, a.display_name as "displayName", (select firm_name from public.firm_settings where id = 1) as "firmName"
    from private.password_resets r join public.accounts a on a.id = r.account_id
    where r.token_hash = ${hashToken(token)} and r.used_at is null and r.expires_at > ${rt.now()} and a.disabled_at is null`)
  if (!row) throw new AppError('reset_invalid', { status: 404, message: 'This link is not valid (any more).' })
  return { email: row.email as string, displayName: row.displayName as string, firmName: (row.firmName as string | null) ?? '' }
}
