import { audit, type RequestMeta } from '../../_shared/audit.ts'
import type { Db, Tx } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import { countChange, isOverlap, slotTaken } from './book-appointment.ts'
import { checkSlot } from './check-slot.ts'
import { notifyAppointment } from './notify.ts'
import { readAppointment, type AppointmentView } from './read-appointment.ts'

const notFound = () => new AppError('not_found', { status: 404, message: 'Not found.' })
const ACTIVE = new Set(['pending', 'confirmed'])

/** The firm acts on the booking (not the client's own cancel/move rules). */
const byFirm = (session: SessionInfo) => session.account.kind === 'staff'

/**
 * The client's own change must come before the type's cut-off (e.g. 24 h before the start);
 * after it: cutoff_passed — the portal then says to contact the firm. The trigger in
 * 08-appointments.sql holds the same rule in the database.
 */
function checkCutoff(session: SessionInfo, a: AppointmentView, now: Date) {
  if (byFirm(session)) return
  if (a.booker.id !== session.accountId) throw notFound()
  if (new Date(a.startsAt).getTime() - a.type.cutoffHours * 3600_000 <= now.getTime())
    throw new AppError('cutoff_passed', { status: 409, message: 'Please contact the firm.', data: { cutoffHours: a.type.cutoffHours } })
}

function checkActive(a: AppointmentView) {
  if (!ACTIVE.has(a.status)) throw new AppError('appointment_closed', { status: 409, message: 'The appointment was already cancelled or declined.' })
}

async function finish(tx: Tx, session: SessionInfo, id: string, action: string, meta: RequestMeta, event: Parameters<typeof notifyAppointment>[2], extra: Record<string, string> = {}) {
  const after = await readAppointment(tx, id)
  await audit(tx, { actorId: session.accountId, clientId: after.clientId, action, objectType: 'item', objectId: id, detail: { status: after.status, startsAt: after.startsAt } }, meta)
  await notifyAppointment(tx, after, event, session.accountId, meta.origin, extra)
  return after
}

/**
 * Moves a booking to another free slot (same UID, higher SEQUENCE; pending again when the type
 * requires confirmation and the client moved it). The firm moves without the client's notice.
 */
export async function rescheduleAppointment(db: Db, session: SessionInfo, id: string, body: { startsAt: string; timeZone?: string }, meta: RequestMeta, now: Date) {
  const startsAt = new Date(body.startsAt)
  try {
    return await db.asUser(session.claims, async (tx) => {
      const a = await readAppointment(tx, id)
      checkActive(a)
      checkCutoff(session, a, now)
      await countChange(tx, session)
      if (startsAt.getTime() === new Date(a.startsAt).getTime()) throw new AppError('same_time', { status: 422, message: 'The appointment is already at that time.' })
      await checkSlot(tx, a.type.id, startsAt, now, id, byFirm(session))
      const rows = await tx`update public.appointments set starts_at = ${startsAt}, time_zone = ${body.timeZone ?? a.timeZone} where item_id = ${id} returning item_id`
      if (!rows[0]) throw notFound()
      return finish(tx, session, id, 'appointment.rescheduled', meta, 'rescheduled')
    })
  } catch (err) {
    if (isOverlap(err)) throw slotTaken()
    throw err
  }
}

/** Cancels a booking: the booker until the cut-off, the firm at any time. */
export async function cancelAppointment(db: Db, session: SessionInfo, id: string, meta: RequestMeta, now: Date) {
  return db.asUser(session.claims, async (tx) => {
    const a = await readAppointment(tx, id)
    checkActive(a)
    checkCutoff(session, a, now)
    await countChange(tx, session)
    const rows = await tx`update public.appointments set status = 'cancelled', cancelled_by = ${session.accountId}, cancelled_at = now() where item_id = ${id} returning item_id`
    if (!rows[0]) throw notFound()
    return finish(tx, session, id, 'appointment.cancelled', meta, 'cancelled', { by: session.account.displayName })
  })
}

/** The firm accepts a booking awaiting confirmation. */
export async function confirmAppointment(db: Db, session: SessionInfo, id: string, meta: RequestMeta) {
  return decide(db, session, id, 'confirmed', null, meta)
}

/** The firm declines a booking awaiting confirmation, with a reason the client receives by mail. */
export async function declineAppointment(db: Db, session: SessionInfo, id: string, reason: string, meta: RequestMeta) {
  return decide(db, session, id, 'declined', reason, meta)
}

async function decide(db: Db, session: SessionInfo, id: string, status: 'confirmed' | 'declined', reason: string | null, meta: RequestMeta) {
  return db.asUser(session.claims, async (tx) => {
    const a = await readAppointment(tx, id)
    if (!byFirm(session)) throw notFound()
    if (a.status !== 'pending') throw new AppError('not_pending', { status: 409, message: 'The appointment is not awaiting confirmation.' })
    const rows = await tx`update public.appointments set status = ${status}, decline_reason = ${reason}, decided_by = ${session.accountId}, decided_at = now()
                          where item_id = ${id} and status = 'pending' returning item_id`
    if (!rows[0]) throw notFound()
    return finish(tx, session, id, `appointment.${status}`, meta, status, reason ? { reason } : {})
  })
}
