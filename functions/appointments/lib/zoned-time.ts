/**
 * Wall-clock time in an IANA time zone without a date library: Intl tells the offset of an
 * instant, and local times are turned into instants by trying the offsets before and after.
 * Correct across daylight-saving changes: a local time in the spring gap maps forward (02:30 on
 * the last Sunday of March is 03:30 CEST), an ambiguous one in autumn to its first occurrence.
 */

/** The firm's time zone: availability, holidays, daily caps and notice days are counted here. */
export const FIRM_TIME_ZONE = 'Europe/Berlin'

const formatters = new Map<string, Intl.DateTimeFormat>()
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    })
    formatters.set(timeZone, f)
  }
  return f
}

export type LocalParts = { date: string; year: number; month: number; day: number; hour: number; minute: number; weekday: number }

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 }

/** The wall-clock reading of an instant in a zone; weekday 1 = Monday … 7 = Sunday. */
export function localParts(instant: Date | number, timeZone = FIRM_TIME_ZONE): LocalParts {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(instant)).map((p) => [p.type, p.value]))
  const year = Number(parts.year)
  const month = Number(parts.month)
  const day = Number(parts.day)
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    year,
    month,
    day,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: WEEKDAYS[parts.weekday!]!,
  }
}

/** Offset of the zone from UTC at an instant, in minutes (Berlin: 60 in winter, 120 in summer). */
export function offsetMinutes(instant: number, timeZone = FIRM_TIME_ZONE): number {
  const p = localParts(instant, timeZone)
  const seconds = new Date(instant).getUTCSeconds()
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, seconds)
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000)
}

/** The instant at which the zone's clocks show date (YYYY-MM-DD) and time (HH:MM). */
export function zonedToInstant(date: string, time: string, timeZone = FIRM_TIME_ZONE): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const [hh, mm] = time.split(':').map(Number) as [number, number]
  const wall = Date.UTC(y, m - 1, d, hh, mm)
  const before = offsetMinutes(wall - 12 * 3600_000, timeZone)
  const after = offsetMinutes(wall + 12 * 3600_000, timeZone)
  const valid = [...new Set([before, after])]
    .map((offset) => wall - offset * 60_000)
    .filter((instant) => offsetMinutes(instant, timeZone) * 60_000 === wall - instant)
    .sort((a, b) => a - b)
  // In the spring gap no offset fits: the clocks jumped, so the time lies after the jump.
  return new Date(valid[0] ?? wall - before * 60_000)
}

/** The calendar date after date (YYYY-MM-DD). */
export function nextDate(date: string, days = 1): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)
}

/** ISO weekday of a calendar date (1 = Monday). */
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1
}

/** Whether a string names a time zone this runtime knows. */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value })
    return true
  } catch {
    return false
  }
}
