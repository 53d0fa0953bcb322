import { audit, type RequestMeta } from '../../_shared/audit.ts'
import type { Tx } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import { notFound } from './errors.ts'

/** The firm's active request categories, in the form's order, with the caller's mail preference for each. */
export async function listCategories(rt: Runtime, session: SessionInfo) {
  return rt.db.asUser(session.claims, (tx) => tx`
    select c.id, c.name_de as "nameDe", c.name_en as "nameEn", c.position, coalesce(p.mail, true) as mail
    from public.message_categories c
    left join public.message_notification_preferences p on p.category_id = c.id and p.account_id = ${session.accountId}
    where c.archived_at is null order by c.position, c.name_de`)
}

/**
 * Sets the caller's mail preferences per category (mail about new messages: yes or no). Unknown
 * categories are refused by the foreign key (bad_request), and then nothing changes.
 */
export async function setPreferences(rt: Runtime, session: SessionInfo, preferences: { categoryId: string; mail: boolean }[]) {
  return rt.db.asUser(session.claims, async (tx) => {
    for (const p of preferences)
      await tx`insert into public.message_notification_preferences (account_id, category_id, mail) values (${session.accountId}, ${p.categoryId}, ${p.mail})
               on conflict (account_id, category_id) do update set mail = excluded.mail`
    return { saved: preferences.length }
  })
}

type ManagedCategory = { id: string; nameDe: string; nameEn: string; position: number; archivedAt: string | null }
const managedColumns = (tx: Tx) => tx`c.id, c.name_de as "nameDe", c.name_en as "nameEn", c.position, c.archived_at as "archivedAt"`

/** An active category of the same German name answers category_exists; a refusal by the policies (not an admin) not_found. */
async function categoryWrite<T>(work: Promise<T>): Promise<T> {
  try {
    return await work
  } catch (err) {
    const code = (err as { code?: string }).code
    if (code === '23505') throw new AppError('category_exists', { status: 409, message: 'A category of this name already exists.' })
    if (code === '42501') throw notFound()
    throw err
  }
}

/** Every request category, archived ones last (for the admins' settings page; names are not confidential). */
export async function listManagedCategories(rt: Runtime, session: SessionInfo) {
  const rows = await rt.db.asUser(session.claims, (tx) => tx`
    select ${managedColumns(tx)} from public.message_categories c
    order by c.archived_at nulls first, c.position, lower(c.name_de)`)
  return { categories: rows as unknown as ManagedCategory[] }
}

/** Admins define a request category (the policy "Admins define message categories" decides). */
export async function createMessageCategory(rt: Runtime, session: SessionInfo, body: { nameDe: string; nameEn: string; position: number }, meta: RequestMeta) {
  return rt.db.asUser(session.claims, async (tx) => {
    const [row] = (await categoryWrite(tx`
      insert into public.message_categories as c (name_de, name_en, position) values (${body.nameDe}, ${body.nameEn}, ${body.position})
      returning ${managedColumns(tx)}`)) as unknown as ManagedCategory[]
    await audit(tx, { actorId: session.accountId, clientId: null, action: 'message_category.created', objectType: 'message_category', objectId: row!.id, detail: { ...body } }, meta)
    return row!
  })
}

/**
 * Admins rename, move, archive or bring back a request category. Archived ones are no longer
 * offered for new requests; conversations filed under one keep it. Non-admins update no row
 * (the policy's using clause) and get not_found.
 */
export async function updateMessageCategory(
  rt: Runtime,
  session: SessionInfo,
  id: string,
  body: { nameDe?: string; nameEn?: string; position?: number; archived?: boolean },
  meta: RequestMeta,
) {
  const archivedAt = body.archived === undefined ? undefined : body.archived ? rt.now() : null
  return rt.db.asUser(session.claims, async (tx) => {
    const [row] = (await categoryWrite(tx`
      update public.message_categories c set
        name_de = coalesce(${body.nameDe ?? null}, c.name_de),
        name_en = coalesce(${body.nameEn ?? null}, c.name_en),
        position = coalesce(${body.position ?? null}::smallint, c.position),
        archived_at = ${archivedAt === undefined ? tx`c.archived_at` : tx`${archivedAt}::timestamptz`}
      where c.id = ${id}
      returning ${managedColumns(tx)}`)) as unknown as ManagedCategory[]
    if (!row) throw notFound()
    await audit(tx, { actorId: session.accountId, clientId: null, action: 'message_category.updated', objectType: 'message_category', objectId: id, detail: { ...body } }, meta)
    return row
  })
}
