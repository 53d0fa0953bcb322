import type { Db } from '../../_shared/db.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import { FIRM_TIME_ZONE, nextDate, zonedToInstant } from '../lib/zoned-time.ts'
import { appointmentSelect, readAppointment, toView } from './read-appointment.ts'

/** The caller's own bookings: coming ones first, then the last 90 days. */
export async function listMyAppointments(db: Db, session: SessionInfo, now: Date) {
  return db.asUser(session.claims, async (tx) => {
    const rows = await tx`${appointmentSelect(tx)} where a.booked_by = ${session.accountId} and a.ends_at > ${new Date(now.getTime() - 90 * 86_400_000)}
                          order by (a.ends_at > ${now}) desc, case when a.ends_at > ${now} then a.starts_at end asc, a.starts_at desc`
    return rows.map((r) => toView(r))
  })
}

/** One appointment the caller may see (booker, the staff member, the client's staff, admins). */
export async function getAppointment(db: Db, session: SessionInfo, id: string) {
  return db.asUser(session.claims, (tx) => readAppointment(tx, id))
}

/**
 * A staff member's week (7 days from the Monday or date given, Berlin time): bookings of every
 * state, the exceptions, and the bookings awaiting confirmation anywhere in the future.
 */
export async function weekCalendar(db: Db, session: SessionInfo, staffId: string, fromDate: string, now: Date) {
  const from = zonedToInstant(fromDate, '00:00', FIRM_TIME_ZONE)
  const to = zonedToInstant(nextDate(fromDate, 7), '00:00', FIRM_TIME_ZONE)
  return db.asUser(session.claims, async (tx) => {
    const bookings = await tx`${appointmentSelect(tx)} where a.staff_id = ${staffId} and a.starts_at < ${to} and a.ends_at > ${from} order by a.starts_at`
    const exceptions = await tx`select id, starts_at as "startsAt", ends_at as "endsAt", kind, note from public.availability_exceptions
                                where staff_id = ${staffId} and starts_at < ${to} and ends_at > ${from} order by starts_at`
    const pending = await tx`${appointmentSelect(tx)} where a.staff_id = ${staffId} and a.status = 'pending' and a.starts_at > ${now} order by a.starts_at`
    return { staffId, from: from.toISOString(), to: to.toISOString(), bookings: bookings.map((r) => toView(r)), exceptions, pending: pending.map((r) => toView(r)) }
  })
}
