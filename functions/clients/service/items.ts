import type { Db, Tx } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import type { SessionInfo } from '../../_shared/session.ts'

const notFound = () => new AppError('not_found', { status: 404, message: 'Not found.' })

/**
 * "Who can see this": the audience of an item in words the web app turns into a chip — the
 * client, the project (by name), the named people, or the firm only.
 */
export async function audienceOf(tx: Tx, item: { id: string; audience: string; project_id: string | null; group_id: string | null }) {
  const recipients = await tx`select r.account_id as id, a.display_name as "displayName" from public.item_recipients r
                              left join public.accounts a on a.id = r.account_id where r.item_id = ${item.id} order by a.display_name`
  const [names] = await tx`select (select name from public.projects where id = ${item.project_id}) as project,
                                  (select name from public.client_groups where id = ${item.group_id}) as "group"`
  return { kind: item.audience, projectName: names?.project ?? null, groupName: names?.group ?? null, recipients }
}

/**
 * A page of the items of a client or of a project that the caller may see, newest first (keyset
 * pagination on (created_at, id): `after` is the last id of the previous page, exact to the
 * microsecond). Row-level security alone decides which rows exist; a client or
 * project the caller cannot see answers not_found.
 */
export async function listItems(db: Db, session: SessionInfo, scope: { clientId?: string; projectId?: string; groupId?: string }, page: { after?: string; limit: number }) {
  return db.asUser(session.claims, async (tx) => {
    const [visible] = scope.projectId
      ? await tx`select 1 from public.projects where id = ${scope.projectId}`
      : scope.groupId
        ? await tx`select 1 from public.client_groups where id = ${scope.groupId}`
        : await tx`select 1 from public.clients where id = ${scope.clientId ?? null}`
    if (!visible) throw notFound()
    const rows = await tx`
      select i.id, i.kind, i.title, i.audience, i.project_id as "projectId", i.created_at as "createdAt", i.created_by as "createdBy"
      from public.items i
      where ${scope.projectId ? tx`i.project_id = ${scope.projectId}` : scope.groupId ? tx`i.group_id = ${scope.groupId}` : tx`i.client_id = ${scope.clientId!}`}
        ${page.after ? tx`and (i.created_at, i.id) < (select c.created_at, c.id from public.items c where c.id = ${page.after})` : tx``}
      order by i.created_at desc, i.id desc limit ${page.limit}`
    return { items: rows, next: rows.length === page.limit ? (rows.at(-1)!.id as string) : null }
  })
}

/** One item with its audience (and, for info pages, the Markdown body). */
export async function getItem(db: Db, session: SessionInfo, itemId: string) {
  return db.asUser(session.claims, async (tx) => {
    const [item] = await tx`select id, kind, client_id, project_id, group_id, audience, title, created_by, created_at, updated_at
                            from public.items where id = ${itemId}`
    if (!item) throw notFound()
    const [page] = item.kind === 'info_page' ? await tx`select body_markdown from public.info_pages where item_id = ${itemId}` : []
    return {
      id: item.id,
      kind: item.kind,
      clientId: item.client_id,
      projectId: item.project_id,
      title: item.title,
      createdAt: item.created_at,
      updatedAt: item.updated_at,
      audience: await audienceOf(tx, item as never),
      body: page?.body_markdown ?? null,
    }
  })
}

/** Replaces the named recipients of an item (the policies check each person belongs to it). */
export async function setRecipients(tx: Tx, itemId: string, recipients: string[]) {
  await tx`delete from public.item_recipients where item_id = ${itemId}`
  for (const accountId of new Set(recipients)) await tx`insert into public.item_recipients (item_id, account_id) values (${itemId}, ${accountId})`
}
