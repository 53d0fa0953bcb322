import { describe, expect, it } from 'vitest'
import { freeSlots, refusalReason, type SlotInput, type SlotType } from '../../functions/appointments/lib/slots.ts'
import { localParts, offsetMinutes, zonedToInstant } from '../../functions/appointments/lib/zoned-time.ts'

const TYPE: SlotType = {
  durationMinutes: 60,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  noticeHours: 0,
  noticeNotSameDay: false,
  horizonDays: 365,
  dailyCap: null,
}
const WEEKDAYS_9_TO_12 = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, starts: '09:00', ends: '12:00' }))
const input = (over: Partial<SlotInput> = {}): SlotInput => ({
  type: TYPE,
  weekly: WEEKDAYS_9_TO_12,
  holidayState: null,
  bookings: [],
  exceptions: [],
  now: new Date('2027-01-01T00:00:00Z'),
  fromDate: '2027-03-26',
  toDate: '2027-03-29',
  ...over,
})
const iso = (slots: { startsAt: Date }[]) => slots.map((s) => s.startsAt.toISOString())

describe('wall-clock time in Europe/Berlin', () => {
  it('knows the offsets on both sides of the changes in 2027 (28 March, 31 October)', () => {
    expect(offsetMinutes(Date.parse('2027-03-28T00:59:00Z'))).toBe(60)
    expect(offsetMinutes(Date.parse('2027-03-28T01:00:00Z'))).toBe(120)
    expect(offsetMinutes(Date.parse('2027-10-31T00:59:00Z'))).toBe(120)
    expect(offsetMinutes(Date.parse('2027-10-31T01:00:00Z'))).toBe(60)
  })

  it('maps local times to instants: the spring gap forward, the autumn repeat to its first occurrence', () => {
    expect(zonedToInstant('2027-03-27', '09:00').toISOString()).toBe('2027-03-27T08:00:00.000Z')
    expect(zonedToInstant('2027-03-29', '09:00').toISOString()).toBe('2027-03-29T07:00:00.000Z')
    expect(zonedToInstant('2027-03-28', '02:30').toISOString()).toBe('2027-03-28T01:30:00.000Z')
    expect(zonedToInstant('2027-10-31', '02:30').toISOString()).toBe('2027-10-31T00:30:00.000Z')
    expect(zonedToInstant('2027-11-01', '09:00').toISOString()).toBe('2027-11-01T08:00:00.000Z')
    expect(localParts(Date.parse('2027-10-30T22:30:00Z'))).toMatchObject({ date: '2027-10-31', hour: 0, minute: 30, weekday: 7 })
  })
})

describe('free slots', () => {
  it('across the last Sunday of March: 09:00 Berlin is 08:00 UTC on Friday and 07:00 UTC on Monday', () => {
    const slots = iso(freeSlots(input()))
    expect(slots.filter((s) => s.startsWith('2027-03-26'))).toEqual([
      '2027-03-26T08:00:00.000Z', '2027-03-26T08:30:00.000Z', '2027-03-26T09:00:00.000Z', '2027-03-26T09:30:00.000Z', '2027-03-26T10:00:00.000Z',
    ])
    expect(slots.filter((s) => s.startsWith('2027-03-29'))).toEqual([
      '2027-03-29T07:00:00.000Z', '2027-03-29T07:30:00.000Z', '2027-03-29T08:00:00.000Z', '2027-03-29T08:30:00.000Z', '2027-03-29T09:00:00.000Z',
    ])
    // No hours on the weekend.
    expect(slots.some((s) => s.startsWith('2027-03-27') || s.startsWith('2027-03-28'))).toBe(false)
  })

  it('a night window on the day of the change counts real hours: 01:00–04:00 is 2 h in March, 4 h in October', () => {
    const night = [{ weekday: 7, starts: '01:00', ends: '04:00' }]
    const march = iso(freeSlots(input({ weekly: night, fromDate: '2027-03-28', toDate: '2027-03-28' })))
    expect(march).toEqual(['2027-03-28T00:00:00.000Z', '2027-03-28T00:30:00.000Z', '2027-03-28T01:00:00.000Z'])
    const october = iso(freeSlots(input({ weekly: night, fromDate: '2027-10-31', toDate: '2027-10-31' })))
    expect(october).toEqual([
      '2027-10-30T23:00:00.000Z', '2027-10-30T23:30:00.000Z', '2027-10-31T00:00:00.000Z', '2027-10-31T00:30:00.000Z',
      '2027-10-31T01:00:00.000Z', '2027-10-31T01:30:00.000Z', '2027-10-31T02:00:00.000Z',
    ])
  })

  it('across the last Sunday of October: 09:00 Berlin is 07:00 UTC on Friday and 08:00 UTC on Monday', () => {
    const slots = iso(freeSlots(input({ fromDate: '2027-10-29', toDate: '2027-11-02' })))
    expect(slots[0]).toBe('2027-10-29T07:00:00.000Z')
    expect(slots.find((s) => s.startsWith('2027-11-02'))).toBe('2027-11-02T08:00:00.000Z')
  })

  it('skips a public holiday of the chosen state only (1 November: Bavaria yes, Berlin no)', () => {
    const days = (state: string | null) =>
      new Set(freeSlots(input({ holidayState: state, fromDate: '2027-11-01', toDate: '2027-11-02' })).map((s) => localParts(s.startsAt).date))
    expect([...days('BY')]).toEqual(['2027-11-02'])
    expect([...days('BE')]).toEqual(['2027-11-01', '2027-11-02'])
    expect([...days(null)]).toEqual(['2027-11-01', '2027-11-02'])
  })

  it('keeps both sides\' buffers free around a booking', () => {
    // A booking 10:00–11:00 Berlin (09:00–10:00 UTC on 1 Feb) with 15 min after it.
    const booking = { from: new Date('2027-02-01T09:00:00Z'), to: new Date('2027-02-01T10:15:00Z'), startsAt: new Date('2027-02-01T09:00:00Z'), sameType: true }
    const type = { ...TYPE, durationMinutes: 30, bufferBeforeMinutes: 15, bufferAfterMinutes: 15 }
    const slots = iso(freeSlots(input({ type, bookings: [booking], fromDate: '2027-02-01', toDate: '2027-02-01' })))
    // 09:00 (ends 09:30 + 15 = 09:45 ≤ 10:00) fits; 09:30 would run into the booking with its buffer.
    expect(slots).toEqual(['2027-02-01T08:00:00.000Z', '2027-02-01T10:30:00.000Z'])
  })

  it('stops offering a day once the daily cap of the type is reached', () => {
    const at = (h: number, sameType: boolean) => ({ from: new Date(Date.UTC(2027, 1, 1, h)), to: new Date(Date.UTC(2027, 1, 1, h, 30)), startsAt: new Date(Date.UTC(2027, 1, 1, h)), sameType })
    const type = { ...TYPE, durationMinutes: 30, dailyCap: 2 }
    const one = freeSlots(input({ type, bookings: [at(8, true), at(9, false)], fromDate: '2027-02-01', toDate: '2027-02-01' }))
    expect(one.length).toBeGreaterThan(0)
    const two = freeSlots(input({ type, bookings: [at(8, true), at(9, true)], fromDate: '2027-02-01', toDate: '2027-02-02' }))
    expect(new Set(two.map((s) => localParts(s.startsAt).date))).toEqual(new Set(['2027-02-02']))
    const full = input({ type, bookings: [at(8, true), at(9, true)], fromDate: '2027-02-01', toDate: '2027-02-01' })
    expect(refusalReason(full, new Date(Date.UTC(2027, 1, 1, 10)))).toBe('daily_cap_reached')
    expect(refusalReason(full, new Date(Date.UTC(2027, 1, 1, 8)))).toBe('slot_taken')
  })

  it('keeps exceptions (a court date) free, with buffers', () => {
    const exception = { from: new Date('2027-02-01T09:00:00Z'), to: new Date('2027-02-01T10:00:00Z') }
    const slots = iso(freeSlots(input({ exceptions: [exception], fromDate: '2027-02-01', toDate: '2027-02-01' })))
    expect(slots).toEqual(['2027-02-01T08:00:00.000Z', '2027-02-01T10:00:00.000Z'])
  })

  it('refuses the past, the notice, "not the same day" and the horizon with a reason', () => {
    const now = new Date('2027-02-01T08:10:00Z') // Monday 09:10 Berlin
    const type = { ...TYPE, noticeHours: 2, horizonDays: 7 }
    const base = input({ type, now, fromDate: '2027-02-01', toDate: '2027-02-12' })
    expect(refusalReason(base, new Date('2027-02-01T08:00:00Z'))).toBe('slot_in_past')
    expect(refusalReason(base, new Date('2027-02-01T09:30:00Z'))).toBe('notice_too_short')
    expect(refusalReason(base, new Date('2027-02-02T08:00:00Z'))).toBeNull()
    expect(refusalReason(base, new Date('2027-02-09T08:00:00Z'))).toBe('beyond_horizon')
    expect(refusalReason(base, new Date('2027-02-02T12:00:00Z'))).toBe('slot_unavailable') // 13:00, outside the hours
    expect(refusalReason(base, new Date('2027-02-02T08:15:00Z'))).toBe('slot_unavailable') // off the grid
    const notToday = input({ type: { ...type, noticeHours: 0, noticeNotSameDay: true }, now, fromDate: '2027-02-01', toDate: '2027-02-02' })
    expect(new Set(freeSlots(notToday).map((s) => localParts(s.startsAt).date))).toEqual(new Set(['2027-02-02']))
  })
})
