import { audit, type RequestMeta } from '../../_shared/audit.ts'
import type { Db } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import type { CreateInfoPageBody, UpdateItemBody } from '../schemas.ts'
import { setRecipients } from './items.ts'

const notFound = () => new AppError('not_found', { status: 404, message: 'Not found.' })

/**
 * Staff write an info page for a client (whole client, a project, named people or firm-internal),
 * or — with groupId — for every client of a group. The policies decide who may.
 */
export async function createInfoPage(db: Db, session: SessionInfo, target: { clientId?: string; groupId?: string }, body: CreateInfoPageBody, meta: RequestMeta) {
  const id = crypto.randomUUID()
  const audience = target.groupId ? 'group' : body.audience
  if (audience === 'project' && !body.projectId) throw new AppError('validation_failed', { status: 400, message: 'A project audience needs a project.' })
  return db.asUser(session.claims, async (tx) => {
    await tx`insert into public.items (id, kind, client_id, project_id, group_id, audience, title, created_by)
             values (${id}, 'info_page', ${target.clientId ?? null}, ${target.groupId ? null : body.projectId}, ${target.groupId ?? null},
                     ${audience}, ${body.title}, ${session.accountId})`
    await tx`insert into public.info_pages (item_id, body_markdown) values (${id}, ${body.body})`
    if (audience === 'people') await setRecipients(tx, id, body.recipients)
    await audit(tx, { actorId: session.accountId, clientId: target.clientId ?? null, action: 'info_page.created', objectType: 'item', objectId: id, detail: { audience } }, meta)
    return { id }
  })
}

/**
 * Changes an item's title, body or audience. Widening or narrowing the audience is this explicit
 * change and is audited with the old and new audience; the client and project never change.
 */
export async function updateItem(db: Db, session: SessionInfo, itemId: string, change: UpdateItemBody, meta: RequestMeta, now: Date) {
  return db.asUser(session.claims, async (tx) => {
    const [before] = await tx`select audience, client_id, kind from public.items where id = ${itemId}`
    if (!before) throw notFound()
    const rows = await tx`update public.items set title = coalesce(${change.title ?? null}, title),
                            audience = coalesce(${change.audience ?? null}, audience), updated_at = ${now}
                          where id = ${itemId} returning id, audience`
    if (!rows.length) throw notFound()
    if (change.body !== undefined) {
      const pages = await tx`update public.info_pages set body_markdown = ${change.body} where item_id = ${itemId} returning item_id`
      if (!pages.length) throw notFound()
    }
    if (change.recipients !== undefined) await setRecipients(tx, itemId, change.recipients)
    const widened = change.audience && change.audience !== before.audience
    await audit(tx, { actorId: session.accountId, clientId: before.client_id, action: widened ? 'item.audience_changed' : 'item.updated', objectType: 'item', objectId: itemId, detail: widened ? { from: before.audience, to: change.audience } : {} }, meta)
    return { updated: true }
  })
}

/** Staff delete an item (documents get retention-aware deletion with the documents issue). */
export async function deleteItem(db: Db, session: SessionInfo, itemId: string, meta: RequestMeta) {
  return db.asUser(session.claims, async (tx) => {
    const rows = await tx`delete from public.items where id = ${itemId} returning client_id`
    if (!rows.length) throw notFound()
    await audit(tx, { actorId: session.accountId, clientId: rows[0]!.client_id, action: 'item.deleted', objectType: 'item', objectId: itemId }, meta)
    return { deleted: true }
  })
}
