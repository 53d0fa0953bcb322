import { audit, type RequestMeta } from '../../_shared/audit.ts'
import { randomToken } from '../../_shared/crypto.ts'
import { enqueueAccountMail } from '../../_shared/mail/outbox.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import { hashToken, type SessionInfo } from '../../_shared/session.ts'
import type { InviteBody } from '../schemas.ts'

export const INVITATION_DAYS = 7

/**
 * Creates the invited person's account (no password yet) and a single-use invitation mailed as a
 * link whose token sits in the URL fragment (never sent to a server or logged). Runs as the
 * inviting staff member: the policies decide who may invite which kind (admins: staff).
 * A taken e-mail address answers conflict.
 */
export async function inviteAccount(rt: Runtime, session: SessionInfo, body: InviteBody, meta: RequestMeta) {
  const now = rt.now()
  const token = randomToken(32)
  const expires = new Date(now.getTime() + INVITATION_DAYS * 86_400_000)
  // Placeholder until acceptance, which starts the real grace period.
  const deadline = new Date(expires.getTime() + rt.config.MFA_GRACE_HOURS * 3600_000)
  return rt.db.asUser(session.claims, async (tx) => {
    const [account] = await tx`
      insert into public.accounts (email, display_name, kind, is_admin, locale, mfa_deadline)
      values (${body.email}, ${body.displayName}, ${body.kind}, ${body.kind === 'staff' && body.isAdmin}, ${body.locale}, ${deadline})
      returning id`
    const [invitation] = await tx`
      insert into public.invitations (account_id, invited_by, token_hash, expires_at)
      values (${account!.id}, ${session.accountId}, ${hashToken(token)}, ${expires}) returning id`
    const [firm] = await tx`select firm_name from public.firm_settings where id = 1`
    await enqueueAccountMail(tx, account!.id, 'invitation', {
      inviter: session.account.displayName,
      firmName: (firm?.firm_name as string) ?? 'Kanzlei',
      link: `/einladung#${token}`,
    })
    await audit(tx, { actorId: session.accountId, action: 'account.invited', objectType: 'account', objectId: account!.id, detail: { kind: body.kind } }, meta)
    return { accountId: account!.id as string, invitationId: invitation!.id as string, expiresAt: expires.toISOString() }
  })
}
