import { createSignal } from 'solid-js'
import { locale } from '../../i18n'

/** The firm's time zone: availability and the calendar are kept in it; the default for display. */
export const FIRM_ZONE = 'Europe/Berlin'

/** The device's time zone, when the browser tells it. */
export const deviceZone = (): string => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || FIRM_ZONE
  } catch {
    return FIRM_ZONE
  }
}

/**
 * The zone appointment times are shown in: Europe/Berlin by default; a person abroad may switch
 * to their device's zone for this visit (the booking then carries it, so the mails use it too).
 */
const [zone, setZone] = createSignal(FIRM_ZONE)
export { setZone, zone }

const tag = () => (locale() === 'de' ? 'de-DE' : 'en-GB')
const fmt = (options: Intl.DateTimeFormatOptions, timeZone = zone()) => new Intl.DateTimeFormat(tag(), { ...options, timeZone })

/** "14:30" */
export const clock = (iso: string, timeZone?: string) => fmt({ hour: '2-digit', minute: '2-digit' }, timeZone).format(new Date(iso))
/** "Montag, 29. März 2027, 14:30" (with the zone's abbreviation when it is not the firm's). */
export function when(iso: string, timeZone = zone()): string {
  const text = fmt({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', ...(timeZone === FIRM_ZONE ? {} : { timeZoneName: 'short' }) }, timeZone).format(new Date(iso))
  return locale() === 'de' ? text.replace(/ um (\d\d:\d\d)/, ', $1 Uhr') : text
}
/** "Montag, 29. März" of a calendar date (YYYY-MM-DD). */
export const dayLabel = (date: string) => fmt({ weekday: 'long', day: 'numeric', month: 'long' }, 'UTC').format(new Date(`${date}T12:00:00Z`))
/** "29.03.2027" of a calendar date. */
export const shortDate = (date: string) => fmt({ day: '2-digit', month: '2-digit', year: 'numeric' }, 'UTC').format(new Date(`${date}T12:00:00Z`))

/** The calendar date of an instant in a zone (YYYY-MM-DD). */
export function dateIn(iso: string | Date, timeZone = zone()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(iso))
  const get = (type: string) => parts.find((p) => p.type === type)!.value
  return `${get('year')}-${get('month')}-${get('day')}`
}

export const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T12:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}
/** The Monday of the week of date. */
export const mondayOf = (date: string) => addDays(date, -((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7))
/** Today in the firm's zone. */
export const today = () => dateIn(new Date(), FIRM_ZONE)

/** Offset of Berlin from UTC at an instant, in minutes. */
function berlinOffset(ms: number): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: FIRM_ZONE, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(new Date(ms))
  const n = (type: string) => Number(parts.find((p) => p.type === type)!.value)
  return Math.round((Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute')) - Math.floor(ms / 60_000) * 60_000) / 60_000)
}

/** A Berlin wall-clock time from a datetime-local field ("2027-05-24T09:00") as an ISO instant. */
export function berlinToIso(local: string): string {
  const wall = Date.parse(`${local}:00Z`)
  let instant = wall - berlinOffset(wall) * 60_000
  instant = wall - berlinOffset(instant) * 60_000
  return new Date(instant).toISOString()
}
