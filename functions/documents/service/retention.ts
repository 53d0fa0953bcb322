import { audit, type RequestMeta } from '../../_shared/audit.ts'
import type { Db } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import type { SessionInfo } from '../../_shared/session.ts'

const notFound = () => new AppError('not_found', { status: 404, message: 'Not found.' })

/**
 * The firm's retention period and, with clientId, that client's legal hold (staff of the client
 * only; for anyone else the hold reads as absent — the policies hide it).
 */
export async function getRetention(db: Db, session: SessionInfo, clientId: string | undefined) {
  return db.asUser(session.claims, async (tx) => {
    const [settings] = await tx`select document_retention_years as years from public.firm_settings where id = 1`
    let legalHold = null
    if (clientId) {
      if (!(await tx`select 1 from public.clients where id = ${clientId}`).length) throw notFound()
      const [hold] = await tx`select h.reason, h.placed_at as "placedAt", h.placed_by as "placedById", a.display_name as "placedByName"
                              from public.legal_holds h left join public.accounts a on a.id = h.placed_by where h.client_id = ${clientId}`
      legalHold = hold ?? null
    }
    return { retentionYears: Number(settings?.years ?? 6), legalHold }
  })
}

/** Admins set the retention period (the firm settings policy decides). Throws not_found for others. */
export async function setRetentionYears(db: Db, session: SessionInfo, years: number, meta: RequestMeta, now: Date) {
  return db.asUser(session.claims, async (tx) => {
    const rows = await tx`update public.firm_settings set document_retention_years = ${years}, updated_at = ${now} where id = 1 returning id`
    if (!rows.length) throw notFound()
    await audit(tx, { actorId: session.accountId, action: 'firm_settings.retention_changed', detail: { years } }, meta)
    return { retentionYears: years }
  })
}

/** The client's staff place a legal hold (one per client; a second answers legal_hold_exists). */
export async function placeLegalHold(db: Db, session: SessionInfo, clientId: string, reason: string, meta: RequestMeta) {
  return db.asUser(session.claims, async (tx) => {
    const rows = await tx`insert into public.legal_holds (client_id, reason, placed_by) values (${clientId}, ${reason}, ${session.accountId})
                          on conflict (client_id) do nothing returning placed_at as "placedAt"`
    if (!rows.length) {
      if (!(await tx`select 1 from public.legal_holds where client_id = ${clientId}`).length) throw notFound()
      throw new AppError('legal_hold_exists', { status: 409, message: 'This client is already under a legal hold.' })
    }
    await audit(tx, { actorId: session.accountId, clientId, action: 'legal_hold.placed', objectType: 'client', objectId: clientId, detail: { reason } }, meta)
    return { legalHold: { reason, placedAt: rows[0]!.placedAt } }
  })
}

/** The client's staff lift its legal hold. Throws not_found when there is none (or no right). */
export async function liftLegalHold(db: Db, session: SessionInfo, clientId: string, meta: RequestMeta) {
  return db.asUser(session.claims, async (tx) => {
    const rows = await tx`delete from public.legal_holds where client_id = ${clientId} returning reason`
    if (!rows.length) throw notFound()
    await audit(tx, { actorId: session.accountId, clientId, action: 'legal_hold.lifted', objectType: 'client', objectId: clientId, detail: { reason: rows[0]!.reason } }, meta)
    return { legalHold: null }
  })
}
