/**
 * When backups are due and which to keep — pure functions of the clock, tested without waiting.
 */

/** The offset of zone from UTC at instant t, in minutes (e.g. +60 for Berlin in winter). */
function offsetMinutes(t: Date, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
    .formatToParts(t)
    .reduce<Record<string, number>>((acc, p) => (p.type === 'literal' ? acc : { ...acc, [p.type]: Number(p.value) }), {})
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!)
  return Math.round((asUtc - Math.floor(t.getTime() / 1000) * 1000) / 60_000)
}

/** The calendar date (y, m, d) of instant t in zone. */
export function localDate(t: Date, zone: string): { year: number; month: number; day: number; weekday: number } {
  const shifted = new Date(t.getTime() + offsetMinutes(t, zone) * 60_000)
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate(), weekday: shifted.getUTCDay() }
}

/**
 * The instant of local time hh:mm on date (y, m, d) in zone. A time that does not exist (the hour
 * skipped when clocks go forward) falls an hour later; a time that exists twice is the first.
 */
export function zonedInstant(date: { year: number; month: number; day: number }, time: string, zone: string): Date {
  const [hh, mm] = time.split(':').map(Number) as [number, number]
  const naive = Date.UTC(date.year, date.month - 1, date.day, hh, mm)
  // Two rounds settle the offset around a transition.
  let guess = naive - offsetMinutes(new Date(naive), zone) * 60_000
  guess = naive - offsetMinutes(new Date(guess), zone) * 60_000
  const earlier = naive - offsetMinutes(new Date(guess - 3600_000), zone) * 60_000
  return new Date(Math.min(guess, localMatches(earlier, naive, zone) ? earlier : guess))
}

const localMatches = (instant: number, naive: number, zone: string) => instant + offsetMinutes(new Date(instant), zone) * 60_000 === naive

/** The most recent scheduled time at or before now (today's or yesterday's hh:mm in zone). */
export function lastSlot(now: Date, time: string, zone: string): Date {
  const today = localDate(now, zone)
  const slot = zonedInstant(today, time, zone)
  if (slot <= now) return slot
  // Noon today minus 24 hours is yesterday, whatever the clocks did overnight.
  const yesterday = localDate(new Date(zonedInstant(today, '12:00', zone).getTime() - 24 * 3600_000), zone)
  return zonedInstant(yesterday, time, zone)
}

/** The most recent scheduled time on the given weekday (0 = Sunday) at or before now. */
export function lastWeeklySlot(now: Date, time: string, zone: string, weekday: number): Date {
  let slot = lastSlot(now, time, zone)
  for (let i = 0; i < 7 && localDate(slot, zone).weekday !== weekday; i++) slot = lastSlot(new Date(slot.getTime() - 60_000), time, zone)
  return slot
}

export type Retention = { daily: number; weekly: number; monthly: number }

/** ISO week key (e.g. 2026-W48) of a local date. */
function isoWeek(d: { year: number; month: number; day: number }): string {
  const date = new Date(Date.UTC(d.year, d.month - 1, d.day))
  const dayNum = (date.getUTCDay() + 6) % 7
  date.setUTCDate(date.getUTCDate() - dayNum + 3)
  const firstThursday = new Date(Date.UTC(date.getUTCFullYear(), 0, 4))
  const week = 1 + Math.round(((date.getTime() - firstThursday.getTime()) / 86_400_000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7)
  return `${date.getUTCFullYear()}-W${String(week).padStart(2, '0')}`
}

/**
 * Which backups to keep: the newest of each of the last `daily` days that have a backup, of the
 * last `weekly` ISO weeks and of the last `monthly` months (local dates in zone) — the scheme of
 * restic's --keep-daily/--keep-weekly/--keep-monthly. The newest backup is always kept.
 */
export function backupsToKeep(backups: { name: string; at: Date }[], keep: Retention, zone: string): Set<string> {
  const sorted = [...backups].sort((a, b) => b.at.getTime() - a.at.getTime())
  const kept = new Set<string>()
  if (sorted[0]) kept.add(sorted[0].name)
  const buckets: [number, (d: ReturnType<typeof localDate>) => string][] = [
    [keep.daily, (d) => `${d.year}-${d.month}-${d.day}`],
    [keep.weekly, (d) => isoWeek(d)],
    [keep.monthly, (d) => `${d.year}-${d.month}`],
  ]
  for (const [limit, keyOf] of buckets) {
    const seen = new Set<string>()
    for (const b of sorted) {
      if (seen.size >= limit) break
      const k = keyOf(localDate(b.at, zone))
      if (seen.has(k)) continue
      seen.add(k)
      kept.add(b.name)
    }
  }
  return kept
}

/** A backup's time from its name (20261127T013000Z-1a2b). */
export function backupTime(name: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/.exec(name)
  if (!m) throw new Error(`not a backup name: ${name}`)
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!))
}
