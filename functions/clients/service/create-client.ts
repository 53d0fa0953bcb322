import { audit, type RequestMeta } from '../../_shared/audit.ts'
import type { Db } from '../../_shared/db.ts'
import type { SessionInfo } from '../../_shared/session.ts'

/** Staff create a client and take it on (the policies: staff only; self-assignment to own clients). */
export async function createClient(db: Db, session: SessionInfo, input: { name: string; kind: 'person' | 'organisation' }, meta: RequestMeta) {
  const id = crypto.randomUUID()
  return db.asUser(session.claims, async (tx) => {
    await tx`insert into public.clients (id, name, kind, created_by) values (${id}, ${input.name}, ${input.kind}, ${session.accountId})`
    await tx`insert into public.client_staff (client_id, account_id) values (${id}, ${session.accountId})`
    await audit(tx, { actorId: session.accountId, clientId: id, action: 'client.created', objectType: 'client', objectId: id }, meta)
    const [client] = await tx`select id, number, name, kind from public.clients where id = ${id}`
    return client!
  })
}
