import { audit, type RequestMeta } from '../../_shared/audit.ts'
import type { Db, Tx } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import type { CreateCategoryBody, UpdateCategoryBody } from '../schemas.ts'

const notFound = () => new AppError('not_found', { status: 404, message: 'Not found.' })

export type CategoryScope = 'firm' | 'client' | 'project_type' | 'client_project_type'
export type Category = {
  id: string
  name: string
  scope: CategoryScope
  clientId: string | null
  projectType: string | null
  position: number
  archivedAt: Date | null
}

type Row = Omit<Category, 'scope'>
const columns = (tx: Tx) => tx`c.id, c.name, c.client_id as "clientId", c.project_type as "projectType", c.position, c.archived_at as "archivedAt"`
const scopeOf = (r: Row): CategoryScope =>
  r.clientId ? (r.projectType ? 'client_project_type' : 'client') : r.projectType ? 'project_type' : 'firm'
const toCategory = (r: Row): Category => ({ ...r, scope: scopeOf(r) })

/** A name taken in the same scope answers category_exists instead of a bare conflict. */
async function uniqueName<T>(work: Promise<T>): Promise<T> {
  try {
    return await work
  } catch (err) {
    if ((err as { code?: string }).code === '23505')
      throw new AppError('category_exists', { status: 409, message: 'A category of this name already exists here.' })
    throw err
  }
}

/**
 * What an uploader may choose for an upload into a client (or one of its projects): the active
 * categories that apply, most general first. `required` tells whether the upload must name one
 * (people outside the firm uploading without a request, when any applies; the database enforces
 * it). A client or project the caller cannot see answers not_found.
 */
export async function listUploadCategories(db: Db, session: SessionInfo, target: { clientId?: string; projectId?: string }) {
  return db.asUser(session.claims, async (tx) => {
    const [place] = target.projectId
      ? await tx`select client_id, type from public.projects where id = ${target.projectId}`
      : await tx`select id as client_id, null::text as type from public.clients where id = ${target.clientId ?? null}`
    if (!place || (target.clientId && target.clientId !== place.client_id)) throw notFound()
    const rows = (await tx`select ${columns(tx)} from public.document_categories c
                           where c.archived_at is null and private.category_applies(c, ${place.client_id}, ${place.type})
                           order by c.position, lower(c.name), c.id`) as unknown as Row[]
    return { categories: rows.map(toCategory), required: rows.length > 0 && session.account.kind !== 'staff' }
  })
}

/**
 * For staff managing categories: every category defined for the firm (also per project type)
 * or, with clientId, for that client as well — archived ones included.
 */
export async function listManagedCategories(db: Db, session: SessionInfo, clientId: string | undefined) {
  return db.asUser(session.claims, async (tx) => {
    if (clientId && !(await tx`select 1 from public.clients where id = ${clientId}`).length) throw notFound()
    const rows = (await tx`select ${columns(tx)} from public.document_categories c
                           where c.client_id is null ${clientId ? tx`or c.client_id = ${clientId}` : tx``}
                           order by c.client_id nulls first, c.project_type nulls first, c.archived_at nulls first, c.position, lower(c.name)`) as unknown as Row[]
    return { categories: rows.map(toCategory) }
  })
}

/** Staff define a category; the policies decide who may define it where (admins firm-wide). */
export async function createCategory(db: Db, session: SessionInfo, body: CreateCategoryBody, meta: RequestMeta) {
  return db.asUser(session.claims, async (tx) => {
    const [row] = (await uniqueName(tx`
      insert into public.document_categories as c (client_id, project_type, name, position, created_by)
      values (${body.clientId}, ${body.projectType}, ${body.name}, ${body.position}, ${session.accountId})
      returning ${columns(tx)}`)) as unknown as Row[]
    await audit(tx, { actorId: session.accountId, clientId: body.clientId, action: 'document_category.created', objectType: 'document_category', objectId: row!.id, detail: { name: body.name, projectType: body.projectType } }, meta)
    return toCategory(row!)
  })
}

/** Staff rename, reorder, archive or bring back a category (archived ones are no longer offered). */
export async function updateCategory(db: Db, session: SessionInfo, id: string, body: UpdateCategoryBody, meta: RequestMeta, now: Date) {
  return db.asUser(session.claims, async (tx) => {
    const archivedAt = body.archived === undefined ? undefined : body.archived ? now : null
    const [row] = (await uniqueName(tx`
      update public.document_categories c set
        name = coalesce(${body.name ?? null}, c.name),
        position = coalesce(${body.position ?? null}::smallint, c.position),
        archived_at = ${archivedAt === undefined ? tx`c.archived_at` : tx`${archivedAt}::timestamptz`}
      where c.id = ${id}
      returning ${columns(tx)}`)) as unknown as Row[]
    if (!row) throw notFound()
    await audit(tx, { actorId: session.accountId, clientId: row.clientId, action: 'document_category.updated', objectType: 'document_category', objectId: id, detail: { ...body } }, meta)
    return toCategory(row)
  })
}
