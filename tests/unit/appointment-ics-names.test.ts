// Regression test (review of 27 Nov 2026): a display name must not break out of the CN parameter
// of ORGANIZER/ATTENDEE in a booking's .ics (RFC 5545 forbids '"' inside a quoted value).
import { describe, expect, it } from 'vitest'
import { icsFor, icsName } from '../../functions/appointments/service/notify.ts'
import type { AppointmentView } from '../../functions/appointments/service/read-appointment.ts'

const HOSTILE = 'Eve";X-EVIL=1:mailto:ceo@firm.de\r\nATTACH:https://evil.example/x\r\nX, Müller; Ltd.'

const booking = (bookerName: string, staffName: string): AppointmentView => ({
  id: '4b0d8a3e-5a49-4a4e-9d1f-6a5d3c2b1a00',
  status: 'confirmed',
  startsAt: '2027-05-04T08:00:00.000Z',
  endsAt: '2027-05-04T09:00:00.000Z',
  sequence: 2,
  timeZone: 'Europe/Berlin',
  declineReason: null,
  clientId: 'c',
  clientName: 'Alpha GmbH',
  projectId: null,
  answers: {},
  createdAt: '2027-05-01T08:00:00.000Z',
  type: { id: 't', nameDe: 'Erstberatung', nameEn: 'First consultation', location: 'office', locationDetail: '', durationMinutes: 60, cutoffHours: 24, requiresConfirmation: false, questions: [] },
  staff: { id: 's', name: staffName, email: 'clerk@kanzlei.example' },
  booker: { id: 'b', name: bookerName, email: 'eve@example.com' },
} as unknown as AppointmentView)

/** Unfolds the .ics and splits each content line into name, parameters and value (RFC 5545 3.1). */
function parse(ics: string) {
  return ics.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean).map((line) => {
    // parameters end at the first ':' outside a quoted value
    let quoted = false
    let i = 0
    for (; i < line.length; i++) {
      if (line[i] === '"') quoted = !quoted
      else if (line[i] === ':' && !quoted) break
    }
    const [name, ...params] = line.slice(0, i).match(/(?:[^;"]|"[^"]*")+/g)!
    return { name: name!, params, value: line.slice(i + 1) }
  })
}

describe('.ics names', () => {
  it('icsName removes quotes, separators and control characters', () => {
    expect(icsName(HOSTILE)).toBe('Eve X-EVIL=1 mailto ceo@firm.de ATTACH https //evil.example/x X Müller Ltd.')
    expect(icsName('Dr. Anna Groß')).toBe('Dr. Anna Groß')
  })

  it('a hostile display name stays inside one CN parameter of one ATTENDEE line', () => {
    const lines = parse(icsFor(booking(HOSTILE, HOSTILE), 'https://portal.example', 'Kanzlei', 'Mandantenportal <portal@kanzlei.example>'))
    expect(lines.filter((l) => l.name === 'ATTACH' || l.name.startsWith('X-EVIL'))).toEqual([])
    const attendee = lines.filter((l) => l.name === 'ATTENDEE')
    expect(attendee).toHaveLength(1)
    expect(attendee[0]!.value.toLowerCase()).toBe('mailto:eve@example.com')
    expect(attendee[0]!.params.filter((p) => p.startsWith('X-'))).toEqual([])
    const cn = attendee[0]!.params.find((p) => p.startsWith('CN='))!
    expect(cn.replace(/^CN="?|"?$/g, '')).not.toMatch(/["\r\n;:,]/)
    const organizer = lines.filter((l) => l.name === 'ORGANIZER')
    expect(organizer).toHaveLength(1)
    // the organizer is the staff member by name at the portal's address, never their own address
    expect(organizer[0]!.value.toLowerCase()).toBe('mailto:portal@kanzlei.example')
    expect(organizer[0]!.params.filter((p) => p.startsWith('X-'))).toEqual([])
  })
})
