import type { Db } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import type { SessionInfo } from '../../_shared/session.ts'

const notFound = () => new AppError('not_found', { status: 404, message: 'Not found.' })

export type DocumentScope = { clientId?: string; projectId?: string; requestId?: string }

/**
 * The documents of a client (or of one project, or the answers to one request) that the caller
 * may see, newest first, each with its latest version. Row-level security alone decides which
 * rows exist; the receipt summary (opened n of m) is computed for the client's staff only — for
 * everyone else it is null, and they get only their own first opening and confirmation.
 * Throws not_found for a client or project the caller cannot see.
 */
export async function listDocuments(db: Db, session: SessionInfo, scope: DocumentScope) {
  return db.asUser(session.claims, async (tx) => {
    const [visible] = scope.projectId
      ? await tx`select client_id from public.projects where id = ${scope.projectId}`
      : await tx`select id as client_id from public.clients where id = ${scope.clientId ?? null}`
    // An outside participant cannot read the client, only the project: the project decides then.
    if (!visible || (scope.clientId && scope.projectId && visible.client_id !== scope.clientId)) throw notFound()
    const clientId = visible.client_id as string
    const [{ staff }] = (await tx`select private.is_client_staff(${clientId}) as staff`) as unknown as [{ staff: boolean }]
    const rows = await tx`
      select d.item_id as id, d.client_id as "clientId", i.project_id as "projectId", i.title, i.audience,
             d.category, d.note, d.requires_confirmation as "requiresConfirmation", d.request_id as "requestId",
             i.created_at as "createdAt", i.created_by as "createdBy", u.display_name as "uploaderName",
             (u.kind = 'staff' and d.guest_name is null) as "fromFirm", d.guest_name as "guestName", d.deleted_at is not null as deleted, d.deleted_at as "deletedAt",
             v.filename, v.size, v.media_type as "mediaType", v.version as "versionCount", v.created_at as "updatedAt",
             (select min(e.at) from public.document_events e where e.item_id = d.item_id and e.account_id = ${session.accountId}
                and e.kind in ('viewed', 'downloaded')) as "myOpenedAt",
             (select min(e.at) from public.document_events e where e.item_id = d.item_id and e.account_id = ${session.accountId}
                and e.kind = 'confirmed') as "myConfirmedAt"
      from public.documents d
      join public.items i on i.id = d.item_id
      join lateral (select filename, size, media_type, version, created_at from public.document_versions
                    where item_id = d.item_id order by version desc limit 1) v on true
      left join public.accounts u on u.id = i.created_by
      where d.client_id = ${clientId}
        ${scope.projectId ? tx`and i.project_id = ${scope.projectId}` : tx``}
        ${scope.requestId ? tx`and d.request_id = ${scope.requestId}` : tx``}
      order by i.created_at desc, d.item_id desc
      limit 1000`
    const receipts = staff && rows.length ? await receiptSummary(tx, rows.map((r) => r.id as string)) : new Map()
    return {
      documents: rows.map((r) => ({
        ...r,
        size: Number(r.size),
        receipts: staff ? (receipts.get(r.id) ?? { recipients: 0, opened: 0, confirmed: 0 }) : null,
      })),
    }
  })
}

/**
 * Per document: how many people outside the firm it is meant for (private.document_recipients,
 * the same definition as notices and reminders, plus anyone who opened it) and how many
 * of them opened and confirmed it. The caller is staff of the client; the policies let staff read
 * every receipt.
 */
async function receiptSummary(tx: Parameters<Parameters<Db['asUser']>[1]>[0], ids: string[]) {
  const rows = await tx`
    with audience as (
      select doc.id, r.account_id from unnest(${ids}::uuid[]) as doc(id), lateral private.document_recipients(doc.id) r
      union
      select e.item_id, e.account_id from public.document_events e where e.item_id = any(${ids}::uuid[])
    )
    select a.id, count(*)::int as recipients,
           count(*) filter (where exists (select 1 from public.document_events e where e.item_id = a.id and e.account_id = a.account_id
                                            and e.kind in ('viewed', 'downloaded')))::int as opened,
           count(*) filter (where exists (select 1 from public.document_events e where e.item_id = a.id and e.account_id = a.account_id
                                            and e.kind = 'confirmed'))::int as confirmed
    from audience a join public.accounts p on p.id = a.account_id and p.kind <> 'staff'
    group by a.id`
  return new Map(rows.map((r) => [r.id as string, { recipients: r.recipients as number, opened: r.opened as number, confirmed: r.confirmed as number }]))
}
