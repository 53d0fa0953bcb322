import { audit, type RequestMeta } from '../../_shared/audit.ts'
import type { Db } from '../../_shared/db.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import { findOrCreateAccount, namesFor, notifyAddedPerson } from '../lib/add-person.ts'
import type { InviteMemberBody } from '../schemas.ts'

/**
 * Adds a person to a client with a role, optionally narrowed rights and an expiry. The policies
 * decide: staff of the client may grant anything, a manager no more than they hold. The person
 * keeps (or gets) an own account, password and second factor; the answer is the same either way.
 */
export async function inviteMember(db: Db, session: SessionInfo, clientId: string, body: InviteMemberBody, meta: RequestMeta) {
  return db.asUser(session.claims, async (tx) => {
    const added = await findOrCreateAccount(tx, body, 'client')
    // Staff add people at once; anyone else's addition waits for the person to accept (a new
    // account accepts by accepting its invitation), so a manager learns nothing about an
    // address that already has an account.
    const [staff] = await tx`select private.is_client_staff(${clientId}) as yes`
    const [member] = await tx`
      insert into public.client_members (client_id, account_id, role, rights, expires_at, granted_by, accepted_at, invited_name, invited_email)
      values (${clientId}, ${added.accountId}, ${body.role}, ${body.rights}, ${body.expiresAt}, ${session.accountId},
              ${staff!.yes ? new Date() : null}, ${body.displayName}, ${body.email})
      returning id`
    await notifyAddedPerson(tx, session, added, await namesFor(tx, clientId), meta)
    await audit(tx, { actorId: session.accountId, clientId, action: 'member.granted', objectType: 'client_member', objectId: member!.id, detail: { role: body.role, rights: body.rights, expiresAt: body.expiresAt } }, meta)
    return { memberId: member!.id as string }
  })
}
