import { audit, type RequestMeta } from '../../_shared/audit.ts'
import type { Db } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import { findOrCreateAccount, namesFor, notifyAddedPerson } from '../lib/add-person.ts'

type Person = { accountId: string } | { email: string; displayName: string; locale: 'de' | 'en' }

/**
 * Adds a client member to a project, or an outside participant by e-mail (they get an own
 * account). The policies decide: staff of the client; its managers for their members, and for
 * outside participants where staff allow it.
 */
export async function addParticipant(db: Db, session: SessionInfo, projectId: string, person: Person, meta: RequestMeta) {
  return db.asUser(session.claims, async (tx) => {
    const [project] = await tx`select client_id from public.projects where id = ${projectId}`
    if (!project) throw new AppError('not_found', { status: 404, message: 'Not found.' })
    const clientId = project.client_id as string
    const outside = 'email' in person
    const added = outside ? await findOrCreateAccount(tx, person, 'external') : { accountId: person.accountId, created: false }
    await tx`insert into public.project_participants (project_id, client_id, account_id, kind, invited_by)
             values (${projectId}, ${clientId}, ${added.accountId}, ${outside ? 'outside' : 'member'}, ${session.accountId})
             on conflict (project_id, account_id) do update set revoked_at = null`
    if (outside) await notifyAddedPerson(tx, session, added, await namesFor(tx, clientId), meta)
    await audit(tx, { actorId: session.accountId, clientId, action: 'project.participant_added', objectType: 'project', objectId: projectId, detail: { kind: outside ? 'outside' : 'member' } }, meta)
    return { accountId: outside ? undefined : added.accountId }
  })
}

/** Ends a participation (effective on the person's next request). */
export async function removeParticipant(db: Db, session: SessionInfo, projectId: string, accountId: string, meta: RequestMeta, now: Date) {
  return db.asUser(session.claims, async (tx) => {
    const rows = await tx`update public.project_participants set revoked_at = ${now}
                          where project_id = ${projectId} and account_id = ${accountId} and revoked_at is null returning client_id`
    if (!rows.length) throw new AppError('not_found', { status: 404, message: 'Not found.' })
    await audit(tx, { actorId: session.accountId, clientId: rows[0]!.client_id, action: 'project.participant_removed', objectType: 'project', objectId: projectId }, meta)
    return { removed: true }
  })
}
