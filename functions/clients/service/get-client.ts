import type { Db } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import type { SessionInfo } from '../../_shared/session.ts'

/** One client with its assigned staff and the caller's own rights; invisible ids answer not_found. */
export async function getClient(db: Db, session: SessionInfo, clientId: string) {
  return db.asUser(session.claims, async (tx) => {
    const [client] = await tx`
      select c.id, c.number, c.name, c.kind, c.managers_invite_outside as "managersInviteOutside", c.archived_at as "archivedAt",
             m.role, private.effective_rights(m.role, m.rights) as rights, private.is_client_staff(c.id) as "isStaff"
      from public.clients c
      left join public.client_members m on m.client_id = c.id and m.account_id = ${session.accountId} and m.revoked_at is null
      where c.id = ${clientId}`
    if (!client) throw new AppError('not_found', { status: 404, message: 'Not found.' })
    const staff = await tx`select a.id, a.display_name as "displayName", a.email from public.client_staff s
                           join public.accounts a on a.id = s.account_id where s.client_id = ${clientId} order by a.display_name`
    return { ...client, staff }
  })
}
