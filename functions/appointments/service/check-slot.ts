import type { Tx } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import { freeSlots, refusalReason, type SlotInput } from '../lib/slots.ts'
import { localParts, nextDate } from '../lib/zoned-time.ts'

type Calendar = {
  type: SlotInput['type'] & { staffId: string }
  weekly: SlotInput['weekly']
  holidayState: string | null
  busy: { from: string; to: string; startsAt: string; sameType: boolean }[]
  exceptions: { from: string; to: string }[]
}

/**
 * What the slot computation needs for a type between two dates, read through
 * private.booking_calendar (busy times only, never whose; not_found for a type the caller may
 * not book). ignore: the booking being moved. firm: the firm's view, without the client's notice
 * (the database refuses it to anyone but staff).
 */
export async function slotInput(tx: Tx, typeId: string, fromDate: string, toDate: string, now: Date, ignore: string | null = null, firm = false): Promise<SlotInput> {
  const from = new Date(`${fromDate}T00:00:00Z`)
  const to = new Date(`${nextDate(toDate)}T00:00:00Z`)
  const [row] = await tx`select private.booking_calendar(${typeId}, ${from}, ${to}, ${ignore}, ${firm}) as c`
  const c = row!.c as Calendar
  return {
    type: c.type,
    weekly: c.weekly,
    holidayState: c.holidayState,
    bookings: c.busy.map((b) => ({ from: new Date(b.from), to: new Date(b.to), startsAt: new Date(b.startsAt), sameType: b.sameType })),
    exceptions: c.exceptions.map((e) => ({ from: new Date(e.from), to: new Date(e.to) })),
    now,
    fromDate,
    toDate,
  }
}

const REASONS = {
  slot_in_past: [422, 'The time lies in the past.'],
  notice_too_short: [422, 'The time is too soon for this kind of appointment.'],
  beyond_horizon: [422, 'The time lies beyond the booking horizon.'],
  slot_unavailable: [422, 'The time is not an available slot.'],
  slot_taken: [409, 'The slot was just taken.'],
  daily_cap_reached: [409, 'No more appointments of this kind on that day.'],
} as const

/**
 * The one server-side check of a requested start, whatever the client sends: it must be one of
 * the free slots the same computation offers (availability, holidays, exceptions, buffers,
 * notice, horizon, daily cap). Throws slot_in_past, notice_too_short, beyond_horizon,
 * slot_unavailable (422), slot_taken or daily_cap_reached (409). The exclusion constraint then settles races between parallel requests.
 */
export async function checkSlot(tx: Tx, typeId: string, startsAt: Date, now: Date, ignore: string | null = null, firm = false): Promise<void> {
  const date = localParts(startsAt).date
  const input = await slotInput(tx, typeId, date, date, now, ignore, firm)
  const reason = refusalReason(input, startsAt)
  if (reason) throw new AppError(reason, { status: REASONS[reason][0], message: REASONS[reason][1] })
}

/** The free slots of a type between two dates (at most 62 days), as ISO instants; firm: see slotInput. */
export async function listFreeSlots(tx: Tx, typeId: string, fromDate: string, toDate: string, now: Date, firm = false) {
  if (Date.parse(toDate) - Date.parse(fromDate) > 62 * 86_400_000)
    throw new AppError('range_too_long', { status: 400, message: 'Ask for at most 62 days at once.' })
  const input = await slotInput(tx, typeId, fromDate, toDate, now, null, firm)
  return freeSlots(input).map((s) => ({ startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() }))
}
