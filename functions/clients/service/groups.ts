import { audit, type RequestMeta } from '../../_shared/audit.ts'
import type { Db } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import type { SessionInfo } from '../../_shared/session.ts'

/** Client groups with their clients (staff), or the groups of the caller's clients (members). */
export async function listGroups(db: Db, session: SessionInfo) {
  return db.asUser(session.claims, (tx) => tx`
    select g.id, g.name, coalesce(array_agg(m.client_id) filter (where m.client_id is not null), '{}') as "clientIds"
    from public.client_groups g left join public.client_group_members m on m.group_id = g.id
    group by g.id order by g.name`)
}

export async function createGroup(db: Db, session: SessionInfo, name: string, meta: RequestMeta) {
  return db.asUser(session.claims, async (tx) => {
    const [group] = await tx`insert into public.client_groups (name) values (${name}) returning id`
    await audit(tx, { actorId: session.accountId, action: 'group.created', objectType: 'client_group', objectId: group!.id }, meta)
    return { id: group!.id as string }
  })
}

/** Adds a client to a group, or removes it; staff only (by policy), and only clients they see. */
export async function setGroupMembership(db: Db, session: SessionInfo, groupId: string, clientId: string, member: boolean, meta: RequestMeta) {
  return db.asUser(session.claims, async (tx) => {
    const [client] = await tx`select 1 from public.clients where id = ${clientId}`
    if (!client) throw new AppError('not_found', { status: 404, message: 'Not found.' })
    const rows = member
      ? await tx`insert into public.client_group_members (group_id, client_id) values (${groupId}, ${clientId}) on conflict do nothing returning group_id`
      : await tx`delete from public.client_group_members where group_id = ${groupId} and client_id = ${clientId} returning group_id`
    await audit(tx, { actorId: session.accountId, clientId, action: member ? 'group.client_added' : 'group.client_removed', objectType: 'client_group', objectId: groupId }, meta)
    return { changed: rows.length > 0 }
  })
}
