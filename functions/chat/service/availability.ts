import type { Db } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import type { OfficeHoursSpan } from '../schemas.ts'

const hhmm = (t: string) => t.slice(0, 5)

/** The office hours, Monday first, as HH:MM in Europe/Berlin time. */
export async function getOfficeHours(db: Db, session: SessionInfo): Promise<OfficeHoursSpan[]> {
  return db.asUser(session.claims, async (tx) =>
    (await tx`select weekday, opens_at::text, closes_at::text from public.chat_office_hours order by weekday, opens_at`).map((r) => ({
      weekday: r.weekday as number, opensAt: hhmm(r.opens_at), closesAt: hhmm(r.closes_at),
    })))
}

/**
 * Whether the firm is reachable for a chat now: someone of the staff is connected (a heartbeat in
 * the last 90 s; a count, never names) and it is within the office hours. Clients see this in the
 * chat panel; outside it they are offered a request instead.
 */
export async function getAvailability(db: Db, session: SessionInfo, at: Date) {
  return db.asUser(session.claims, async (tx) => {
    const [a] = await tx`select staff_online, in_office_hours from private.chat_availability(${at})`
    const officeHours = (await tx`select weekday, opens_at::text, closes_at::text from public.chat_office_hours order by weekday, opens_at`).map((r) => ({
      weekday: r.weekday as number, opensAt: hhmm(r.opens_at), closesAt: hhmm(r.closes_at),
    }))
    const staffOnline = Number(a!.staff_online) > 0
    return { reachable: staffOnline && Boolean(a!.in_office_hours), staffOnline, inOfficeHours: Boolean(a!.in_office_hours), officeHours }
  })
}

/**
 * Replaces the office hours (admins; the policies refuse everyone else, answered as forbidden).
 * Overlapping spans of a day are refused (overlapping_hours); nothing changes on any error.
 */
export async function setOfficeHours(db: Db, session: SessionInfo, spans: OfficeHoursSpan[]): Promise<OfficeHoursSpan[]> {
  const sorted = [...spans].sort((a, b) => a.weekday - b.weekday || a.opensAt.localeCompare(b.opensAt))
  for (let i = 1; i < sorted.length; i++)
    if (sorted[i]!.weekday === sorted[i - 1]!.weekday && sorted[i]!.opensAt < sorted[i - 1]!.closesAt)
      throw new AppError('overlapping_hours', { status: 400, message: 'Two spans of one day overlap.' })
  return db.asUser(session.claims, async (tx) => {
    const [me] = await tx`select private.is_admin() as admin`
    if (!me?.admin) throw new AppError('forbidden', { status: 403, message: 'Only admins set the office hours.' })
    await tx`delete from public.chat_office_hours`
    for (const s of sorted) await tx`insert into public.chat_office_hours (weekday, opens_at, closes_at) values (${s.weekday}, ${s.opensAt}, ${s.closesAt})`
    return sorted
  })
}
