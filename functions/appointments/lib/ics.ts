import { createEvent, createEvents, type EventAttributes } from 'ics'

/** What a calendar needs to know about one booking. Times are instants; the .ics carries UTC. */
export type CalendarEvent = {
  /** The booking's id: the UID stays the same across updates and the cancellation. */
  id: string
  sequence: number
  startsAt: Date
  endsAt: Date
  title: string
  description: string
  location: string
  url: string
  status: 'pending' | 'confirmed' | 'declined' | 'cancelled'
  organizer?: { name: string; email: string }
  attendee?: { name: string; email: string }
}

/** The UID of a booking in every calendar: stable for its whole life. */
export const eventUid = (id: string) => `${id}@mandantenportal`

const STATUS = { pending: 'TENTATIVE', confirmed: 'CONFIRMED', declined: 'CANCELLED', cancelled: 'CANCELLED' } as const

function attributes(e: CalendarEvent): EventAttributes {
  return {
    uid: eventUid(e.id),
    sequence: e.sequence,
    productId: 'mandantenportal',
    start: e.startsAt.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: e.endsAt.getTime(),
    endInputType: 'utc',
    endOutputType: 'utc',
    title: e.title,
    description: e.description,
    location: e.location,
    url: e.url,
    status: STATUS[e.status],
    ...(e.organizer ? { organizer: e.organizer } : {}),
    ...(e.attendee
      ? { attendees: [{ ...e.attendee, rsvp: false, partstat: e.status === 'confirmed' ? 'ACCEPTED' : 'TENTATIVE', role: 'REQ-PARTICIPANT' }] }
      : {}),
  } as EventAttributes
}

/**
 * One booking as an iTIP message: METHOD:REQUEST for a new or changed booking, METHOD:CANCEL
 * (status CANCELLED) when it was cancelled or declined. Throws when ics refuses the event.
 */
export function appointmentIcs(e: CalendarEvent): string {
  const method = e.status === 'cancelled' || e.status === 'declined' ? 'CANCEL' : 'REQUEST'
  const { error, value } = createEvent({ ...attributes(e), method })
  if (error || !value) throw error ?? new Error('ics: no calendar produced')
  return value
}

/** The .ics method of a booking's mail. */
export const icsMethod = (status: CalendarEvent['status']) => (status === 'cancelled' || status === 'declined' ? 'CANCEL' : 'REQUEST')

/** A subscribed calendar (the staff member's feed): METHOD:PUBLISH with every active booking. */
export function feedIcs(events: CalendarEvent[], calName: string): string {
  if (events.length === 0)
    return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:mandantenportal', 'METHOD:PUBLISH', `X-WR-CALNAME:${calName}`, 'END:VCALENDAR', ''].join('\r\n')
  const { error, value } = createEvents(events.map((e) => ({ ...attributes(e), method: 'PUBLISH', calName })))
  if (error || !value) throw error ?? new Error('ics: no calendar produced')
  return value
}
