import type { Db } from '../../_shared/db.ts'
import type { SessionInfo } from '../../_shared/session.ts'

/** The clients the caller may see (the client switcher; staff: their clients), with the caller's role. */
export async function listClients(db: Db, session: SessionInfo, search?: string) {
  return db.asUser(session.claims, (tx) => tx`
    select c.id, c.number, c.name, c.kind, c.archived_at as "archivedAt", m.role,
           (m.id is null or m.accepted_at is not null) as accepted,
           private.effective_rights(m.role, m.rights) as rights
    from public.clients c
    left join public.client_members m on m.client_id = c.id and m.account_id = ${session.accountId} and m.revoked_at is null
    where ${search ? tx`(c.name ilike ${'%' + search.replace(/[%_\\]/g, '\\$&') + '%'} or c.number ilike ${search + '%'})` : tx`true`}
    order by c.name limit 500`)
}
