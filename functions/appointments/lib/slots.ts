import { isHoliday } from 'feiertagejs'
import { FIRM_TIME_ZONE, localParts, nextDate, weekdayOf, zonedToInstant } from './zoned-time.ts'

/**
 * Free-slot computation, pure: the same function lists the slots a client sees and checks the
 * slot a booking names (service/check-slot.ts), so what is offered and what is accepted never
 * differ. Everything is counted in the firm's time zone (Europe/Berlin).
 */

export type SlotType = {
  durationMinutes: number
  bufferBeforeMinutes: number
  bufferAfterMinutes: number
  noticeHours: number
  noticeNotSameDay: boolean
  horizonDays: number
  dailyCap: number | null
  active?: boolean
}

/** Weekly hours: weekday 1 = Monday … 7 = Sunday, times as HH:MM wall clock in Berlin. */
export type WeeklyHours = { weekday: number; starts: string; ends: string }[]

/** A busy range of the staff member: a booking's blocked range (with buffers) or an exception. */
export type BusyRange = { from: Date; to: Date }
export type Booking = BusyRange & { startsAt: Date; sameType: boolean }

export type SlotInput = {
  type: SlotType
  weekly: WeeklyHours
  /** A German state (feiertagejs region) whose public holidays are days off; null = none. */
  holidayState: string | null
  bookings: Booking[]
  exceptions: BusyRange[]
  now: Date
  /** Calendar dates (YYYY-MM-DD, Berlin), both included. */
  fromDate: string
  toDate: string
}

export type Slot = { startsAt: Date; endsAt: Date }

const MINUTE = 60_000

/** Candidate starts are this far apart (at most the duration: 20-minute calls every 20 minutes). */
export const slotStepMinutes = (durationMinutes: number) => Math.min(30, durationMinutes)

/** The earliest start the notice allows: now + notice hours, and not today when so configured. */
export function earliestStart(type: SlotType, now: Date): Date {
  let earliest = now.getTime() + type.noticeHours * 3600_000
  if (type.noticeNotSameDay) earliest = Math.max(earliest, zonedToInstant(nextDate(localParts(now).date), '00:00').getTime())
  return new Date(Math.max(earliest, now.getTime() + 1))
}

/** The latest start the booking horizon allows. */
export const latestStart = (type: SlotType, now: Date) => new Date(now.getTime() + type.horizonDays * 86_400_000)

const overlaps = (a: BusyRange, from: number, to: number) => a.from.getTime() < to && from < a.to.getTime()

/** Whether date (YYYY-MM-DD) is a public holiday in the state. */
export function isPublicHoliday(date: string, state: string | null): boolean {
  if (!state) return false
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  // Local noon of the process: feiertagejs reads the local calendar fields of the Date.
  return isHoliday(new Date(y, m - 1, d, 12), state as Parameters<typeof isHoliday>[1])
}

/**
 * The free slots between fromDate and toDate: inside the weekly hours, not on a public holiday,
 * not overlapping an exception or another booking (each side's buffers counted), after the
 * notice, within the horizon, and on days where the type's daily cap is not reached.
 */
export function freeSlots(input: SlotInput): Slot[] {
  const { type } = input
  if (type.active === false) return []
  const earliest = earliestStart(type, input.now).getTime()
  const latest = latestStart(type, input.now).getTime()
  const duration = type.durationMinutes * MINUTE
  const step = slotStepMinutes(type.durationMinutes) * MINUTE
  const slots: Slot[] = []
  for (let date = input.fromDate; date <= input.toDate; date = nextDate(date)) {
    if (isPublicHoliday(date, input.holidayState)) continue
    if (type.dailyCap !== null && countOnDate(input.bookings, date) >= type.dailyCap) continue
    const weekday = weekdayOf(date)
    for (const window of input.weekly.filter((w) => w.weekday === weekday)) {
      // Windows are walked in real time: a day of 23 or 25 hours has as many slots as it has hours.
      const windowStart = zonedToInstant(date, window.starts).getTime()
      const windowEnd = zonedToInstant(date, window.ends).getTime()
      for (let start = windowStart; start + duration <= windowEnd; start += step) {
        if (start < earliest || start > latest) continue
        const end = start + duration
        const blockedFrom = start - type.bufferBeforeMinutes * MINUTE
        const blockedTo = end + type.bufferAfterMinutes * MINUTE
        if (input.exceptions.some((e) => overlaps(e, blockedFrom, blockedTo))) continue
        if (input.bookings.some((b) => overlaps(b, blockedFrom, blockedTo))) continue
        slots.push({ startsAt: new Date(start), endsAt: new Date(end) })
      }
    }
  }
  return slots.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
}

function countOnDate(bookings: Booking[], date: string): number {
  return bookings.filter((b) => b.sameType && localParts(b.startsAt, FIRM_TIME_ZONE).date === date).length
}

/** Why a start is not offered; null when it is one of the free slots. */
export type Refusal = 'slot_in_past' | 'notice_too_short' | 'beyond_horizon' | 'slot_unavailable' | 'slot_taken' | 'daily_cap_reached'

/**
 * Why a start is refused: the past, the notice, the horizon; not a slot at all (outside the
 * hours, a holiday, an exception, off the grid: slot_unavailable); a slot another booking holds
 * (slot_taken, the same answer the exclusion constraint gives a parallel request); or a day whose
 * cap is reached (daily_cap_reached).
 */
export function refusalReason(input: SlotInput, startsAt: Date): Refusal | null {
  const offered = (i: SlotInput) => freeSlots(i).some((s) => s.startsAt.getTime() === startsAt.getTime())
  if (offered(input)) return null
  if (startsAt.getTime() <= input.now.getTime()) return 'slot_in_past'
  if (startsAt.getTime() < earliestStart(input.type, input.now).getTime()) return 'notice_too_short'
  if (startsAt.getTime() > latestStart(input.type, input.now).getTime()) return 'beyond_horizon'
  if (!offered({ ...input, bookings: [] })) return 'slot_unavailable'
  if (!offered({ ...input, type: { ...input.type, dailyCap: null } })) return 'slot_taken'
  return 'daily_cap_reached'
}
