import { describe, expect, it } from 'vitest'
import { backupsToKeep, backupTime, lastSlot, lastWeeklySlot, zonedInstant } from '../../functions/_shared/backup/schedule.ts'

const BERLIN = 'Europe/Berlin'
const iso = (d: Date) => d.toISOString()

describe('nightly slot in Europe/Berlin', () => {
  it('is today’s 02:30 once it has passed, yesterday’s before', () => {
    expect(iso(lastSlot(new Date('2026-11-20T01:30:00Z'), '02:30', BERLIN))).toBe('2026-11-20T01:30:00.000Z')
    expect(iso(lastSlot(new Date('2026-11-20T01:29:59Z'), '02:30', BERLIN))).toBe('2026-11-19T01:30:00.000Z')
    // Summer time: 02:30 CEST is 00:30 UTC.
    expect(iso(lastSlot(new Date('2026-07-01T12:00:00Z'), '02:30', BERLIN))).toBe('2026-07-01T00:30:00.000Z')
  })

  it('survives the night the clocks go forward (02:30 does not exist: 03:30 instead)', () => {
    expect(iso(zonedInstant({ year: 2026, month: 3, day: 29 }, '02:30', BERLIN))).toBe('2026-03-29T01:30:00.000Z')
    expect(iso(lastSlot(new Date('2026-03-29T10:00:00Z'), '02:30', BERLIN))).toBe('2026-03-29T01:30:00.000Z')
    expect(iso(lastSlot(new Date('2026-03-30T00:00:00Z'), '02:30', BERLIN))).toBe('2026-03-29T01:30:00.000Z')
  })

  it('runs once the night the clocks go back (the first 02:30)', () => {
    expect(iso(zonedInstant({ year: 2026, month: 10, day: 25 }, '02:30', BERLIN))).toBe('2026-10-25T00:30:00.000Z')
    expect(iso(lastSlot(new Date('2026-10-25T01:30:00Z'), '02:30', BERLIN))).toBe('2026-10-25T00:30:00.000Z')
  })

  it('finds the last weekly slot (Sunday)', () => {
    // Friday 20 November 2026 → Sunday 15 November.
    expect(iso(lastWeeklySlot(new Date('2026-11-20T12:00:00Z'), '02:30', BERLIN, 0))).toBe('2026-11-15T01:30:00.000Z')
    expect(iso(lastWeeklySlot(new Date('2026-11-22T01:31:00Z'), '02:30', BERLIN, 0))).toBe('2026-11-22T01:30:00.000Z')
    expect(iso(lastWeeklySlot(new Date('2026-11-22T01:29:00Z'), '02:30', BERLIN, 0))).toBe('2026-11-15T01:30:00.000Z')
  })
})

describe('retention (7 daily, 4 weekly, 6 monthly)', () => {
  const name = (d: Date) => `${d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-0000`
  // A backup every night for a year, plus a manual one in the afternoon of the last day.
  const nights = Array.from({ length: 365 }, (_, i) => new Date(Date.UTC(2026, 0, 1, 1, 30) + i * 86_400_000))
  const all = [...nights, new Date('2026-12-31T14:00:00Z')].map((at) => ({ name: name(at), at }))
  const kept = [...backupsToKeep(all, { daily: 7, weekly: 4, monthly: 6 }, BERLIN)].sort()

  it('keeps the newest of each of the last 7 days, 4 weeks and 6 months', () => {
    const days = kept.map((n) => n.slice(0, 8))
    // Last 7 days (the newest of 31 December is the afternoon one).
    for (const d of ['20261231', '20261230', '20261229', '20261228', '20261227', '20261226', '20261225']) expect(days).toContain(d)
    expect(kept).toContain(name(new Date('2026-12-31T14:00:00Z')))
    expect(kept).not.toContain(name(new Date('2026-12-31T01:30:00Z')))
    // Weekly: the Sundays ending ISO weeks 51, 50 (weeks 53 and 52 are covered by the dailies).
    expect(days).toContain('20261220')
    expect(days).toContain('20261213')
    // Monthly: the last day of November … July.
    for (const d of ['20261130', '20261031', '20260930', '20260831', '20260731']) expect(days).toContain(d)
    expect(days).not.toContain('20260630')
    expect(kept.length).toBe(7 + 2 + 5)
  })

  it('always keeps the newest, and reads a backup’s time from its name', () => {
    expect([...backupsToKeep(all.slice(0, 1), { daily: 1, weekly: 0, monthly: 0 }, BERLIN)]).toEqual([all[0]!.name])
    expect(iso(backupTime('20261127T013000Z-1a2b'))).toBe('2026-11-27T01:30:00.000Z')
  })
})
