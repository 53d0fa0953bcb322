import { audit, type RequestMeta } from '../../_shared/audit.ts'
import type { Db } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import type { SessionInfo } from '../../_shared/session.ts'

/** Assigned staff rename a client or let its managers invite outside participants. */
export async function updateClient(db: Db, session: SessionInfo, clientId: string, input: { name?: string; managersInviteOutside?: boolean }, meta: RequestMeta) {
  return db.asUser(session.claims, async (tx) => {
    const rows = await tx`update public.clients set name = coalesce(${input.name ?? null}, name),
                            managers_invite_outside = coalesce(${input.managersInviteOutside ?? null}, managers_invite_outside)
                          where id = ${clientId} returning id, name, managers_invite_outside as "managersInviteOutside"`
    if (!rows.length) throw new AppError('not_found', { status: 404, message: 'Not found.' })
    await audit(tx, { actorId: session.accountId, clientId, action: 'client.updated', objectType: 'client', objectId: clientId, detail: input }, meta)
    return rows[0]!
  })
}

/** Admins assign a staff member to a client. */
export async function assignStaff(db: Db, session: SessionInfo, clientId: string, accountId: string, meta: RequestMeta) {
  return db.asUser(session.claims, async (tx) => {
    const [staff] = await tx`select 1 from public.accounts where id = ${accountId} and kind = 'staff'`
    if (!staff) throw new AppError('not_found', { status: 404, message: 'Not found.' })
    await tx`insert into public.client_staff (client_id, account_id) values (${clientId}, ${accountId}) on conflict do nothing`
    await audit(tx, { actorId: session.accountId, clientId, action: 'client.staff_assigned', objectType: 'account', objectId: accountId }, meta)
    return { assigned: true }
  })
}
