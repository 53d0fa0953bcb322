import { audit, type RequestMeta } from '../../_shared/audit.ts'
import type { Db } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import type { SessionInfo } from '../../_shared/session.ts'

const notFound = () => new AppError('not_found', { status: 404, message: 'Not found.' })

/** A document with its versions, as the caller may see it; opening it records a 'viewed' receipt. */
export async function getDocument(db: Db, session: SessionInfo, itemId: string) {
  return db.asUser(session.claims, async (tx) => {
    const [doc] = await tx`select d.item_id as id, d.client_id as "clientId", i.title, i.audience, i.project_id as "projectId",
                                  d.category, d.note, d.requires_confirmation as "requiresConfirmation", i.created_at as "createdAt"
                           from public.documents d join public.items i on i.id = d.item_id where d.item_id = ${itemId}`
    if (!doc) throw notFound()
    const versions = await tx`select id, version, filename, media_type as "mediaType", size, created_at as "createdAt"
                              from public.document_versions where item_id = ${itemId} order by version desc`
    await tx`insert into public.document_events (item_id, client_id, version_id, account_id, kind)
             values (${itemId}, ${doc.clientId}, ${versions[0]?.id ?? null}, ${session.accountId}, 'viewed')`
    const [mine] = await tx`select min(at) filter (where kind = 'confirmed') as confirmed from public.document_events
                            where item_id = ${itemId} and account_id = ${session.accountId}`
    return { ...doc, versions: versions.map((v) => ({ ...v, size: Number(v.size) })), confirmedAt: mine?.confirmed ?? null }
  })
}

/** The recipient confirms receipt explicitly (for deliveries that require it). */
export async function confirmReceipt(db: Db, session: SessionInfo, itemId: string, meta: RequestMeta) {
  return db.asUser(session.claims, async (tx) => {
    const [doc] = await tx`select client_id from public.documents where item_id = ${itemId}`
    if (!doc) throw notFound()
    await tx`insert into public.document_events (item_id, client_id, account_id, kind) values (${itemId}, ${doc.client_id}, ${session.accountId}, 'confirmed')`
    await audit(tx, { actorId: session.accountId, clientId: doc.client_id, action: 'document.receipt_confirmed', objectType: 'item', objectId: itemId }, meta)
    return { confirmed: true }
  })
}

/**
 * Proof of receipt for staff: for each person who received the document (named recipients, or
 * the client's active members for a client-wide document), when they first viewed, downloaded
 * and confirmed it — and who has not opened it yet. Others see only their own receipt.
 */
export async function listReceipts(db: Db, session: SessionInfo, itemId: string) {
  return db.asUser(session.claims, async (tx) => {
    const [item] = await tx`select i.audience, i.client_id from public.items i join public.documents d on d.item_id = i.id where i.id = ${itemId}`
    if (!item) throw notFound()
    return tx`
      with audience as (
        select r.account_id from private.document_recipients(${itemId}) r
        union
        select e.account_id from public.document_events e where e.item_id = ${itemId}
      )
      select a.account_id as "accountId", p.display_name as "displayName",
             min(e.at) filter (where e.kind = 'viewed') as "firstViewedAt",
             min(e.at) filter (where e.kind = 'downloaded') as "firstDownloadedAt",
             min(e.at) filter (where e.kind = 'confirmed') as "confirmedAt"
      from audience a
      left join public.accounts p on p.id = a.account_id
      left join public.document_events e on e.item_id = ${itemId} and e.account_id = a.account_id
      where p.kind is distinct from 'staff'
        and (private.is_client_staff(${item.client_id}) or a.account_id = ${session.accountId})
      group by a.account_id, p.display_name
      order by p.display_name`
  })
}
