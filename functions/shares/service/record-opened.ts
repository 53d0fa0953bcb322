import { audit, type RequestMeta } from '../../_shared/audit.ts'
import type { Tx } from '../../_shared/db.ts'
import { enqueueMail } from '../../_shared/mail/outbox.ts'

/**
 * Records that a guest opened a share (access log, audit) and, on the first opening of a share
 * whose creator asked for it, queues the notice to the creator. Runs in the redemption's
 * privileged transaction.
 */
export async function recordOpened(tx: Tx, shareId: string, meta: RequestMeta): Promise<void> {
  const [share] = await tx`
    update public.shares set last_access_at = now(), first_accessed_at = coalesce(first_accessed_at, now())
    where id = ${shareId}
    returning client_id, created_by, notify_on_first_access, (first_accessed_at = now()) as first`
  if (!share) return
  await tx`insert into public.share_accesses (share_id, client_id, ip, action) values (${shareId}, ${share.client_id}, ${meta.ip}::inet, 'opened')`
  await audit(tx, { actorId: null, clientId: share.client_id as string, action: 'share.opened', objectType: 'share', objectId: shareId }, meta)
  if (share.first && share.notify_on_first_access) {
    const [creator] = await tx`select email, display_name, locale from public.accounts where id = ${share.created_by} and disabled_at is null`
    if (creator)
      await enqueueMail(tx, { to: creator.email, template: 'share-accessed', locale: creator.locale, params: { name: creator.display_name, link: `${meta.origin}/freigaben` } })
  }
}

/** "m***@bank.de": enough for the guest to recognise the address, not to learn it. */
export function emailHint(email: string): string {
  const [local, domain] = email.split('@')
  return `${local!.slice(0, 1)}***@${domain}`
}
