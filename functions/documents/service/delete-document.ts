import { audit, type RequestMeta } from '../../_shared/audit.ts'
import type { Db } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import { log } from '../../_shared/log.ts'
import { asServiceRole } from '../../_shared/privileged.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'

const notFound = () => new AppError('not_found', { status: 404, message: 'Not found.' })
const isRuleError = (err: unknown) => /^PT4\d\d$/.test((err as { code?: string }).code ?? '')

export type DeleteOutcome = { deleted: 'soft'; deletedAt: Date } | { deleted: 'hard'; versions: number }

/**
 * Deletes a document as the caller. People outside the firm delete their own uploads softly
 * (private.delete_document_softly decides; the firm keeps the document and may restore it).
 * The client's staff delete for good, with a reason: the database refuses while the retention
 * period runs or a legal hold is set (retention_period_running, legal_hold — the refusal is
 * audited too); after the commit the blobs of all versions are removed (a crash in between
 * leaves them queued in private.blob_deletions for cleanUpDeletedBlobs).
 * Throws not_found, reason_required, request_accepted, retention_period_running, legal_hold.
 */
export async function deleteDocument(rt: Runtime, session: SessionInfo, itemId: string, reason: string | undefined, meta: RequestMeta): Promise<DeleteOutcome> {
  let clientId: string | undefined
  let blobs: string[] = []
  try {
    const outcome = await rt.db.asUser(session.claims, async (tx): Promise<DeleteOutcome> => {
      const [doc] = await tx`select client_id, private.is_client_staff(client_id) as staff from public.documents where item_id = ${itemId}`
      if (!doc) throw notFound()
      if (!doc.staff) {
        const [row] = await tx`select private.delete_document_softly(${itemId}) as at`
        await audit(tx, { actorId: session.accountId, clientId: doc.client_id, action: 'document.deleted_softly', objectType: 'item', objectId: itemId, detail: reason ? { reason } : {} }, meta)
        return { deleted: 'soft', deletedAt: row!.at as Date }
      }
      if (!reason) throw new AppError('reason_required', { status: 400, message: 'Say why the document is deleted.' })
      clientId = doc.client_id as string
      const versions = await tx`select blob_name from public.document_versions where item_id = ${itemId}`
      // The item's delete cascades to the document, its versions, receipts and group entries; the
      // triggers check the legal hold and the retention period and queue the blobs.
      if (!(await tx`delete from public.items where id = ${itemId} returning id`).length) throw notFound()
      await audit(tx, { actorId: session.accountId, clientId, action: 'document.deleted', objectType: 'item', objectId: itemId, detail: { reason, versions: versions.length } }, meta)
      blobs = versions.map((v) => v.blob_name as string)
      return { deleted: 'hard', versions: versions.length }
    })
    await removeBlobs(rt, blobs)
    return outcome
  } catch (err) {
    if (clientId && isRuleError(err)) {
      const code = (err as { message: string }).message
      await rt.db.asUser(session.claims, (tx) =>
        audit(tx, { actorId: session.accountId, clientId, action: 'document.deleted', result: 'denied', objectType: 'item', objectId: itemId, detail: { reason, code } }, meta),
      )
    }
    throw err
  }
}

/** Removes blobs whose rows are gone; what fails stays queued for the cleanup. */
async function removeBlobs(rt: Runtime, names: string[]) {
  for (const name of names) {
    await rt.blobs.delete(name).catch((err) => log.warn('blob removal failed; left for the cleanup', { blob: name, error: err }))
  }
}

/** The client's staff undo a soft delete (private.restore_document decides). Throws not_found, not_deleted. */
export async function restoreDocument(db: Db, session: SessionInfo, itemId: string, meta: RequestMeta) {
  return db.asUser(session.claims, async (tx) => {
    const [doc] = await tx`select client_id from public.documents where item_id = ${itemId}`
    if (!doc) throw notFound()
    await tx`select private.restore_document(${itemId})`
    await audit(tx, { actorId: session.accountId, clientId: doc.client_id, action: 'document.restored', objectType: 'item', objectId: itemId }, meta)
    return { restored: true }
  })
}

/**
 * What the web app shows before a delete: the category, whether and by whom the document was
 * deleted softly, and — for the client's staff — the retention, a legal hold, and what blocks a
 * delete now. The database decides again when the delete happens; this is only the preview.
 */
export async function getDocumentLifecycle(db: Db, session: SessionInfo, itemId: string) {
  return db.asUser(session.claims, async (tx) => {
    const [d] = await tx`
      select d.item_id as id, d.category_id as "categoryId", d.category, d.deleted_at as "deletedAt", d.deleted_by as "deletedById",
             a.display_name as "deletedByName", private.is_client_staff(d.client_id) as staff,
             i.created_by = ${session.accountId} as mine, r.status as "requestStatus",
             (select max(v.created_at) from public.document_versions v where v.item_id = d.item_id)
               + make_interval(years => coalesce((select s.document_retention_years from public.firm_settings s where s.id = 1), 6)::int) as "retentionEndsAt",
             (select min(v.created_at) from public.document_versions v where v.item_id = d.item_id) + interval '24 hours' as "mistakeWindowEndsAt",
             exists (select 1 from public.legal_holds h where h.client_id = d.client_id) as "legalHold",
             private.staff_deletion_block(d.item_id) as block
      from public.documents d join public.items i on i.id = d.item_id
      left join public.accounts a on a.id = d.deleted_by
      left join public.document_requests r on r.item_id = d.request_id
      where d.item_id = ${itemId}`
    if (!d) throw notFound()
    const deleted = d.deletedAt ? { at: d.deletedAt, by: { id: d.deletedById, displayName: d.deletedByName ?? null } } : null
    if (!d.staff)
      return { id: d.id, categoryId: d.categoryId, category: d.category, deleted, retention: null,
               delete: { mode: 'soft' as const, allowed: Boolean(d.mine) && session.account.kind !== 'staff' && d.requestStatus !== 'accepted', blockedBy: null } }
    return {
      id: d.id,
      categoryId: d.categoryId,
      category: d.category,
      deleted,
      retention: { endsAt: d.retentionEndsAt, mistakeWindowEndsAt: d.mistakeWindowEndsAt, legalHold: d.legalHold as boolean },
      delete: { mode: 'hard' as const, allowed: d.block === null, blockedBy: (d.block as string | null) ?? null },
    }
  })
}

/**
 * Removes the blobs queued by deleted version rows (a crash after the commit, or a delete
 * through the generic item route), never one that a version still references. Several
 * instances share the queue (SKIP LOCKED).
 */
export async function cleanUpDeletedBlobs(rt: Runtime, limit = 100): Promise<number> {
  // Privileged: a system operation without a user; the queue is not readable by users.
  return asServiceRole(rt.db, 'blob cleanup', async (tx) => {
    const rows = await tx`select b.blob_name from private.blob_deletions b
                          where not exists (select 1 from public.document_versions v where v.blob_name = b.blob_name)
                          order by b.queued_at limit ${limit} for update of b skip locked`
    for (const { blob_name: name } of rows) {
      await rt.blobs.delete(name as string)
      await tx`delete from private.blob_deletions where blob_name = ${name}`
    }
    return rows.length
  })
}
