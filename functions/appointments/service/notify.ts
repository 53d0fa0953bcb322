import type { Tx } from '../../_shared/db.ts'
import { runtime } from '../../_shared/runtime.ts'
import { appointmentIcs, icsMethod } from '../lib/ics.ts'
import { FIRM_TIME_ZONE } from '../lib/zoned-time.ts'
import type { AppointmentView } from './read-appointment.ts'

export type AppointmentEvent = 'booked' | 'confirmed' | 'declined' | 'rescheduled' | 'cancelled'

const TEMPLATE: Record<AppointmentEvent, { booker: string; staff?: string }> = {
  booked: { booker: 'appointment-booked', staff: 'appointment-new-booking' },
  confirmed: { booker: 'appointment-confirmed' },
  declined: { booker: 'appointment-declined' },
  rescheduled: { booker: 'appointment-rescheduled', staff: 'appointment-rescheduled' },
  cancelled: { booker: 'appointment-cancelled', staff: 'appointment-cancelled' },
}

const firmName = async (tx: Tx) => ((await tx`select firm_name from public.firm_settings where id = 1`)[0]?.firm_name as string | undefined) ?? 'Kanzlei'

/** The page of the appointment in the portal; a video appointment's call starts there. */
export const appointmentLink = (origin: string, id: string) => `${origin}/termine/${id}`

/**
 * A display name as an .ics CN parameter value: without the characters that end or split a
 * (quoted) parameter — '"' may not appear inside a quoted value at all (RFC 5545 3.1) —,
 * ';', ':', ',' and control characters (a line break would start a new property).
 */
export const icsName = (name: string) => name.replace(/[";:,\p{Cc}\u2028\u2029]/gu, ' ').replace(/\s+/g, ' ').trim()

/** The address of the portal's mails ('Name <portal@…>' or a bare address). */
const portalAddress = (from: string) => /<([^<>\s]+)>/.exec(from)?.[1] ?? from.trim()

/**
 * The .ics of a booking as both sides' calendars receive it (UID = booking, SEQUENCE = its sequence).
 * The organizer is the staff member by name at the portal's own address: the same in every mail
 * of a booking, whoever acted, and no staff address travels to clients.
 */
export function icsFor(a: AppointmentView, origin: string, firm: string, mailFrom = runtime().config.MAIL_FROM): string {
  return appointmentIcs({
    id: a.id,
    sequence: a.sequence,
    startsAt: new Date(a.startsAt),
    endsAt: new Date(a.endsAt),
    title: `${a.type.nameDe} – ${firm}`,
    description: `Termin im Mandantenportal: ${appointmentLink(origin, a.id)}`,
    location: a.type.location === 'video' ? appointmentLink(origin, a.id) : a.type.locationDetail || (a.type.location === 'phone' ? 'Telefon' : firm),
    url: appointmentLink(origin, a.id),
    status: a.status,
    organizer: { name: icsName(a.staff.name ?? firm) || icsName(firm), email: portalAddress(mailFrom) },
    attendee: a.booker.email ? { name: icsName(a.booker.name ?? ''), email: a.booker.email } : undefined,
  })
}

/** Mail parameters of an appointment: no intake answers, ever. */
export function mailParams(a: AppointmentView, origin: string, firm: string, timeZone: string): Record<string, string> {
  return {
    firmName: firm,
    typeDe: a.type.nameDe,
    typeEn: a.type.nameEn,
    start: a.startsAt,
    end: a.endsAt,
    timeZone,
    location: a.type.location,
    locationDetail: a.type.locationDetail,
    link: appointmentLink(origin, a.id),
    status: a.status,
    booker: a.booker.name ?? '',
    clientName: a.clientName ?? '',
  }
}

/**
 * Queues the mails of a change in its transaction: the booker always (their calendar must
 * follow), the staff member when someone else made the change. Each carries the .ics with the
 * booking's UID and current SEQUENCE (REQUEST, or CANCEL when cancelled or declined).
 */
export async function notifyAppointment(tx: Tx, a: AppointmentView, event: AppointmentEvent, actorId: string, origin: string, extra: Record<string, string> = {}) {
  const firm = await firmName(tx)
  const ics = icsFor(a, origin, firm)
  const t = TEMPLATE[event]
  const send = async (template: string, recipient: 'booker' | 'staff', timeZone: string) => {
    const params = { ...mailParams(a, origin, firm, timeZone), ...extra, ics, icsMethod: icsMethod(a.status) }
    await tx`select private.enqueue_appointment_mail(${a.id}, ${template}, ${recipient}, ${tx.json(params)})`
  }
  await send(t.booker, 'booker', a.timeZone)
  if (t.staff && actorId !== a.staff.id) await send(t.staff, 'staff', FIRM_TIME_ZONE)
}
