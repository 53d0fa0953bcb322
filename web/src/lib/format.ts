import { locale, t } from '../i18n'

/** The firm sits in Germany: every time is shown in Berlin time, whatever the device says. */
const TIME_ZONE = 'Europe/Berlin'

const STYLES = {
  /** "30.11., 14:00" – deadlines and "last seen", where the year is obvious. */
  short: { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' },
  /** "30.11.2025, 14:00" */
  dateTime: {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  },
  /** "30.11.2025" */
  date: { day: '2-digit', month: '2-digit', year: 'numeric' },
} satisfies Record<string, Intl.DateTimeFormatOptions>

const cache = new Map<string, Intl.DateTimeFormat>()

function formatter(style: keyof typeof STYLES): Intl.DateTimeFormat {
  const tag = locale() === 'de' ? 'de-DE' : 'en-GB'
  const key = `${tag}:${style}`
  let found = cache.get(key)
  if (!found) {
    found = new Intl.DateTimeFormat(tag, { ...STYLES[style], timeZone: TIME_ZONE })
    cache.set(key, found)
  }
  return found
}

/** Formats an ISO time stamp (or Date) in the UI language, Berlin time; '' for a missing value. */
export function formatTime(
  value: string | Date | null | undefined,
  style: keyof typeof STYLES = 'dateTime',
): string {
  if (!value) return ''
  const date = typeof value === 'string' ? new Date(value) : value
  return Number.isNaN(date.getTime()) ? '' : formatter(style).format(date)
}

/**
 * A remaining time as words, rounded down to the two largest units: "2 Tagen und 5 Stunden",
 * "3 Stunden und 12 Minuten", "8 Minuten" (German in the dative, as in "innerhalb von …").
 */
export function formatDuration(ms: number): string {
  const minutes = Math.max(1, Math.floor(ms / 60_000))
  const days = Math.floor(minutes / 1440)
  const hours = Math.floor((minutes % 1440) / 60)
  const rest = minutes % 60
  const unit = (count: number, one: 'day' | 'hour' | 'minute') =>
    t(count === 1 ? `duration.${one}` : `duration.${one}s`, { count })
  const parts =
    days > 0
      ? [unit(days, 'day'), hours > 0 ? unit(hours, 'hour') : '']
      : hours > 0
        ? [unit(hours, 'hour'), rest > 0 ? unit(rest, 'minute') : '']
        : [unit(rest, 'minute')]
  return parts.filter(Boolean).join(t('duration.and'))
}

/** "A, B und C" / "A, B and C" in the UI language. */
export function formatList(items: readonly string[]): string {
  return new Intl.ListFormat(locale() === 'de' ? 'de-DE' : 'en-GB', {
    style: 'long',
    type: 'conjunction',
  }).format(items)
}

/** yyyy-mm-dd of a time stamp in the firm's calendar (Berlin); '' for none. */
export function berlinDate(value: string | Date | null | undefined): string {
  if (!value) return ''
  const date = typeof value === 'string' ? new Date(value) : value
  if (Number.isNaN(date.getTime())) return ''
  // en-CA writes dates as yyyy-mm-dd.
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(date)
}

/**
 * The last second of a calendar day (yyyy-mm-dd) in Berlin as ISO with offset, so "Zugang bis
 * 31.12." lasts through that day wherever the device is.
 */
export function endOfBerlinDay(day: string): string {
  const noon = new Date(`${day}T12:00:00Z`)
  const offset =
    new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, timeZoneName: 'longOffset' })
      .formatToParts(noon)
      .find((part) => part.type === 'timeZoneName')
      ?.value.replace('GMT', '') || '+00:00'
  return `${day}T23:59:59${offset}`
}
