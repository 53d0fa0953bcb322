import { audit, type RequestMeta } from '../../_shared/audit.ts'
import { AppError } from '../../_shared/errors.ts'
import { enqueueAccountMail } from '../../_shared/mail/outbox.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'

/**
 * Disables or re-enables another account, as the staff member (the policy decides: staff for
 * client and outside accounts, admins for staff). A disabled account's sessions fail on their
 * next request. Throws not_found when the policy does not allow it.
 */
export async function setAccountDisabled(rt: Runtime, session: SessionInfo, accountId: string, disabled: boolean, meta: RequestMeta) {
  const now = rt.now()
  return rt.db.asUser(session.claims, async (tx) => {
    const rows = await tx`update public.accounts set disabled_at = ${disabled ? now : null}
                          where id = ${accountId} and (disabled_at is null) = ${disabled} returning id`
    if (!rows.length) {
      const [visible] = await tx`select id, disabled_at from public.accounts where id = ${accountId}`
      const alreadyThere = visible && (visible.disabled_at !== null) === disabled && visible.id !== session.accountId
      if (!alreadyThere) throw new AppError('not_found', { status: 404, message: 'Not found.' })
      return { disabled }
    }
    if (disabled) await enqueueAccountMail(tx, accountId, 'account-disabled', {})
    await audit(tx, { actorId: session.accountId, action: disabled ? 'account.disabled' : 'account.enabled', objectType: 'account', objectId: accountId }, meta)
    return { disabled }
  })
}
