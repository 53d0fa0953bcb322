import { audit, type RequestMeta } from '../../_shared/audit.ts'
import type { Db } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import type { SessionInfo } from '../../_shared/session.ts'

const notFound = () => new AppError('not_found', { status: 404, message: 'Not found.' })

/** The client's projects the caller may see (outside participants: only their own). */
export async function listProjects(db: Db, session: SessionInfo, clientId?: string) {
  return db.asUser(session.claims, (tx) => tx`
    select p.id, p.client_id as "clientId", p.name, p.type, p.status, p.description, p.created_at as "createdAt"
    from public.projects p where ${clientId ? tx`p.client_id = ${clientId}` : tx`true`}
    order by p.status = 'closed', p.name`)
}

/** Assigned staff open a project for a client. */
export async function createProject(db: Db, session: SessionInfo, clientId: string, input: { name: string; type: string; description: string }, meta: RequestMeta) {
  const id = crypto.randomUUID()
  return db.asUser(session.claims, async (tx) => {
    await tx`insert into public.projects (id, client_id, name, type, description, created_by)
             values (${id}, ${clientId}, ${input.name}, ${input.type}, ${input.description}, ${session.accountId})`
    await audit(tx, { actorId: session.accountId, clientId, action: 'project.created', objectType: 'project', objectId: id }, meta)
    return { id }
  })
}

/** Assigned staff rename, pause or close a project. */
export async function updateProject(db: Db, session: SessionInfo, projectId: string, input: { name?: string; status?: string; description?: string }, meta: RequestMeta) {
  return db.asUser(session.claims, async (tx) => {
    const rows = await tx`update public.projects set name = coalesce(${input.name ?? null}, name), status = coalesce(${input.status ?? null}, status),
                            description = coalesce(${input.description ?? null}, description)
                          where id = ${projectId} returning id, client_id`
    if (!rows.length) throw notFound()
    await audit(tx, { actorId: session.accountId, clientId: rows[0]!.client_id, action: 'project.updated', objectType: 'project', objectId: projectId, detail: input }, meta)
    return { updated: true }
  })
}

/** One project with the participants the caller may see (an outside participant sees only themselves). */
export async function getProject(db: Db, session: SessionInfo, projectId: string) {
  return db.asUser(session.claims, async (tx) => {
    const [project] = await tx`select id, client_id as "clientId", name, type, status, description, created_at as "createdAt"
                               from public.projects where id = ${projectId}`
    if (!project) throw notFound()
    const participants = await tx`
      select p.account_id as "accountId", a.display_name as "displayName", p.kind, p.created_at as "createdAt"
      from public.project_participants p left join public.accounts a on a.id = p.account_id
      where p.project_id = ${projectId} and p.revoked_at is null order by p.kind, a.display_name`
    return { ...project, participants }
  })
}
