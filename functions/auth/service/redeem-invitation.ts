import { audit, type RequestMeta } from '../../_shared/audit.ts'
import type { Tx } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import { hashPassword } from '../../_shared/password-hash.ts'
import { checkPasswordLoaded } from '../../_shared/password-basics.ts'
import { asServiceRole } from '../../_shared/privileged.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import { createSession, hashToken } from '../../_shared/session.ts'

const invalid = () => new AppError('invitation_invalid', { status: 404, message: 'This invitation link is not valid (any more).' })

async function openInvitation(tx: Tx, token: string, now: Date, lock = false) {
  const [row] = await tx`
    select i.id, a.id as account_id, a.email, a.display_name, a.kind,
           (select firm_name from public.firm_settings where id = 1) as firm_name
    from public.invitations i join public.accounts a on a.id = i.account_id
    where i.token_hash = ${hashToken(token)} and i.accepted_at is null and i.revoked_at is null
      and i.expires_at > ${now} and a.disabled_at is null
      -- An invitation only ever sets the first password: never for an account that has one or a factor.
      and not exists (select 1 from private.password_credentials c where c.account_id = a.id)
      and not exists (select 1 from public.mfa_factors f where f.account_id = a.id and f.verified_at is not null)
    ${lock ? tx`for update of i` : tx``}`
  return row
}

/** What the invitation page shows before a password is set. Unknown, used, expired: one answer. */
export async function inspectInvitation(rt: Runtime, token: string) {
  // Privileged: the invited person has no session yet.
  const row = await asServiceRole(rt.db, 'invitation redemption', (tx) => openInvitation(tx, token, rt.now()))
  if (!row) throw invalid()
  return { email: row.email as string, displayName: row.display_name as string, firmName: (row.firm_name as string) ?? '' }
}

/**
 * Accepts an invitation: sets the password (the rules apply, with the person's context), marks
 * the invitation used, starts the second-factor grace period and signs the person in (aal1).
 */
export async function acceptInvitation(rt: Runtime, token: string, password: string, meta: RequestMeta): Promise<{ token: string }> {
  const now = rt.now()
  const preview = await inspectInvitation(rt, token)
  const verdict = await checkPasswordLoaded(password, { firmName: preview.firmName, name: preview.displayName, email: preview.email })
  if (!verdict.ok) throw new AppError('password_rejected', { status: 422, message: 'The password does not meet the rules.', data: { problems: verdict.problems } })
  const hash = await hashPassword(password)
  // Privileged: invitation redemption is the step that creates the person's credentials.
  const session = await asServiceRole(rt.db, 'invitation redemption', async (tx) => {
    const row = await openInvitation(tx, token, now, true)
    if (!row) return undefined
    await tx`update public.invitations set accepted_at = ${now} where id = ${row.id}`
    // Accepting the invitation accepts the memberships it was sent for.
    await tx`update public.client_members set accepted_at = ${now} where account_id = ${row.account_id} and accepted_at is null and revoked_at is null`
    await tx`update public.accounts set mfa_deadline = ${new Date(now.getTime() + rt.config.MFA_GRACE_HOURS * 3600_000)}, updated_at = ${now},
               last_sign_in_at = ${now} where id = ${row.account_id}`
    await tx`insert into private.password_credentials (account_id, hash) values (${row.account_id}, ${hash})`
    await audit(tx, { actorId: row.account_id, action: 'account.invitation_accepted', objectType: 'invitation', objectId: row.id }, meta)
    return createSession(tx, { accountId: row.account_id, aal: 'aal1', amr: [{ method: 'password', timestamp: Math.floor(now.getTime() / 1000) }], userAgent: meta.userAgent, ip: meta.ip })
  })
  if (!session) throw invalid()
  return { token: session.token }
}
