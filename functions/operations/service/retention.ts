import { audit, type RequestMeta } from '../../_shared/audit.ts'
import type { Db } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import { log } from '../../_shared/log.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'

const notFound = () => new AppError('not_found', { status: 404, message: 'Not found.' })
const isRuleError = (err: unknown) => /^PT4\d\d$/.test((err as { code?: string }).code ?? '')

export type RetentionEntry = {
  id: string
  number: string
  name: string
  mandateEndedAt: string
  /** Who recorded the mandate end (null: unknown, e.g. written by the database owner) and when. */
  mandateEndSetBy: string | null
  mandateEndSetAt: Date | null
  dueAt: Date
  due: boolean
  legalHold: boolean
  documents: number
  canDelete: boolean
}

/**
 * The clients whose mandate ended, as the caller's staff role sees them (assigned staff their
 * clients, admins all; anyone else an empty list): when their retention ends, whether that
 * is now (by the injected clock) — a deletion proposal — and what blocks a delete.
 */
export async function listRetention(db: Db, session: SessionInfo, now: Date): Promise<{ retentionYears: number; isAdmin: boolean; clients: RetentionEntry[] }> {
  return db.asUser(session.claims, async (tx) => {
    const [settings] = await tx`select coalesce((select document_retention_years from public.firm_settings where id = 1), 6)::int as years, private.is_admin() as admin`
    const rows = await tx`
      select c.id, c.number, c.name, to_char(c.mandate_ended_at, 'YYYY-MM-DD') as "mandateEndedAt",
             (select a.display_name from public.accounts a where a.id = c.mandate_end_set_by) as "mandateEndSetBy",
             c.mandate_end_set_at as "mandateEndSetAt",
             private.client_retention_due_at(c.mandate_ended_at) as "dueAt",
             exists (select 1 from public.legal_holds h where h.client_id = c.id) as "legalHold",
             (select count(*) from public.documents d where d.client_id = c.id)::int as documents
      from public.clients c
      where c.mandate_ended_at is not null and private.is_client_staff(c.id)
      order by "dueAt", c.number`
    const isAdmin = Boolean(settings!.admin)
    return {
      retentionYears: settings!.years as number,
      isAdmin,
      clients: rows.map((r) => {
        const due = (r.dueAt as Date).getTime() <= now.getTime()
        return { ...(r as unknown as Omit<RetentionEntry, 'due' | 'canDelete'>), due, canDelete: isAdmin && due && !r.legalHold }
      }),
    }
  })
}

/**
 * One client's mandate end and retention for its staff (the settings tab): the end date, when
 * the retention ends, whether a legal hold blocks a deletion, and whether the caller may export
 * the client's data. Throws not_found for anyone but the client's staff.
 */
export async function getClientRetention(db: Db, session: SessionInfo, clientId: string) {
  return db.asUser(session.claims, async (tx) => {
    const [row] = await tx`
      select to_char(c.mandate_ended_at, 'YYYY-MM-DD') as "mandateEndedAt", private.client_retention_due_at(c.mandate_ended_at) as "retentionEndsAt",
             (select a.display_name from public.accounts a where a.id = c.mandate_end_set_by) as "mandateEndSetBy",
             c.mandate_end_set_at as "mandateEndSetAt",
             to_char(c.created_at at time zone 'Europe/Berlin', 'YYYY-MM-DD') as "clientCreatedOn",
             coalesce((select document_retention_years from public.firm_settings where id = 1), 6)::int as "retentionYears",
             exists (select 1 from public.legal_holds h where h.client_id = c.id) as "legalHold",
             private.may_export_client(c.id) as "mayExport"
      from public.clients c where c.id = ${clientId} and private.is_client_staff(c.id)`
    if (!row) throw notFound()
    return row as {
      mandateEndedAt: string | null
      retentionEndsAt: Date | null
      mandateEndSetBy: string | null
      mandateEndSetAt: Date | null
      clientCreatedOn: string
      retentionYears: number
      legalHold: boolean
      mayExport: boolean
    }
  })
}

/**
 * The client's staff record the day the mandate ended (or clear it). The database checks the date
 * (private.record_mandate_end) and records who set it. Throws not_found for anyone else,
 * mandate_end_in_future, mandate_end_before_client.
 */
export async function setMandateEnd(db: Db, session: SessionInfo, clientId: string, mandateEndedAt: string | null, meta: RequestMeta) {
  return db.asUser(session.claims, async (tx) => {
    const rows = await tx`update public.clients set mandate_ended_at = ${mandateEndedAt}::date where id = ${clientId}
                          returning to_char(mandate_ended_at, 'YYYY-MM-DD') as ended, private.client_retention_due_at(mandate_ended_at) as due,
                                    (select a.display_name from public.accounts a where a.id = mandate_end_set_by) as "setBy", mandate_end_set_at as "setAt"`
    if (!rows.length) throw notFound()
    await audit(tx, { actorId: session.accountId, clientId, action: 'client.mandate_end_set', objectType: 'client', objectId: clientId, detail: { mandateEndedAt } }, meta)
    const row = rows[0]!
    return {
      mandateEndedAt: (row.ended as string | null) ?? null,
      retentionEndsAt: (row.due as Date | null) ?? null,
      mandateEndSetBy: (row.setBy as string | null) ?? null,
      mandateEndSetAt: (row.setAt as Date | null) ?? null,
    }
  })
}

/**
 * An admin deletes a client whose retention ended (private.delete_client_after_retention
 * decides and cascades; its version rows queue their blobs). The blobs are removed after the
 * commit; what fails stays queued for the periodic cleanup. Audited, refusals too.
 * Throws not_found, confirmation_mismatch, admin_required, mandate_not_ended,
 * retention_period_running, legal_hold.
 */
export async function deleteClientAfterRetention(rt: Runtime, session: SessionInfo, clientId: string, confirmNumber: string, meta: RequestMeta) {
  let visible = false
  try {
    const outcome = await rt.db.asUser(session.claims, async (tx) => {
      const [client] = await tx`select number from public.clients where id = ${clientId}`
      if (!client) throw notFound()
      visible = true
      if (client.number !== confirmNumber)
        throw new AppError('confirmation_mismatch', { status: 400, message: 'Type the client number to confirm the deletion.' })
      const [row] = await tx`select private.delete_client_after_retention(${clientId}) as result`
      const result = row!.result as { number: string; documents: number; blobs: string[]; accountsAnonymised: number }
      await audit(tx, {
        actorId: session.accountId, clientId, action: 'client.deleted', objectType: 'client', objectId: clientId,
        detail: { number: result.number, documents: result.documents, files: result.blobs.length, accountsAnonymised: result.accountsAnonymised },
      }, meta)
      return result
    })
    for (const name of outcome.blobs)
      await rt.blobs.delete(name).catch((err) => log.warn('blob removal failed; left for the cleanup', { blob: name, error: err }))
    return { deleted: true, number: outcome.number, documents: outcome.documents, files: outcome.blobs.length, accountsAnonymised: outcome.accountsAnonymised }
  } catch (err) {
    if (visible && isRuleError(err)) {
      const code = (err as { message: string }).message
      await rt.db.asUser(session.claims, (tx) =>
        audit(tx, { actorId: session.accountId, clientId, action: 'client.deleted', result: 'denied', objectType: 'client', objectId: clientId, detail: { code } }, meta),
      )
    }
    throw err
  }
}
