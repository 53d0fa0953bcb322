/**
 * Mail templates about appointments (Termine), German first. They name the kind of appointment,
 * the time in the recipient's time zone (Europe/Berlin by default), the place and the portal
 * link — never the intake answers. A declined booking's mail carries the firm's reason. Merged
 * into templates.ts; the .ics travels as an attachment (params.ics, see worker.ts).
 */
type Params = Record<string, string>
type Template = Record<'de' | 'en', { subject: (p: Params) => string; body: (p: Params) => string }>

/** The time of an appointment as the recipient reads it, with the zone's abbreviation. */
export function appointmentTime(iso: string | undefined, locale: 'de' | 'en', timeZone = 'Europe/Berlin'): string {
  const date = new Date(iso ?? '')
  if (Number.isNaN(date.getTime())) return iso ?? ''
  let zone = timeZone
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
  } catch {
    zone = 'Europe/Berlin'
  }
  const text = new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', {
    weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short', timeZone: zone,
  }).format(date)
  return locale === 'de' ? text.replace(/ um (\d\d:\d\d)/, ', $1 Uhr') : text
}

const type = (p: Params, locale: 'de' | 'en') => (locale === 'de' ? p.typeDe : p.typeEn) ?? ''
const PLACE = {
  de: { office: 'in der Kanzlei', phone: 'per Telefon', video: 'per Video im Portal' },
  en: { office: 'at the firm', phone: 'by phone', video: 'by video in the portal' },
} as const
const place = (p: Params, locale: 'de' | 'en') => {
  const where = PLACE[locale][p.location as keyof (typeof PLACE)['de']] ?? ''
  return p.locationDetail ? `${where} (${p.locationDetail})` : where
}
const details = {
  de: (p: Params) =>
    `Termin: ${type(p, 'de')}\nZeit: ${appointmentTime(p.start, 'de', p.timeZone)}\nOrt: ${place(p, 'de')}\n\n` +
    (p.location === 'video' ? `Das Videogespräch starten Sie im Portal auf der Seite des Termins:\n${p.link}` : `Details im Portal:\n${p.link}`),
  en: (p: Params) =>
    `Appointment: ${type(p, 'en')}\nTime: ${appointmentTime(p.start, 'en', p.timeZone)}\nPlace: ${place(p, 'en')}\n\n` +
    (p.location === 'video' ? `Join the video call in the portal on the appointment's page:\n${p.link}` : `Details in the portal:\n${p.link}`),
}
const calendarNote = { de: 'Die angehängte Datei termin.ics übernimmt den Termin in Ihren Kalender.', en: 'The attached termin.ics adds the appointment to your calendar.' }

export const appointmentTemplates = {
  'appointment-booked': {
    de: {
      subject: (p) => (p.status === 'pending' ? `Terminanfrage erhalten: ${type(p, 'de')}` : `Termin bestätigt: ${type(p, 'de')}`),
      body: (p) =>
        (p.status === 'pending'
          ? 'Ihre Terminanfrage ist eingegangen. Die Kanzlei bestätigt sie in Kürze; bis dahin ist der Termin vorgemerkt.'
          : p.enteredBy
            ? `die Kanzlei hat für Sie einen Termin eingetragen und bestätigt (${p.enteredBy}). Sie finden ihn im Portal unter Ihren Terminen.`
            : 'Ihr Termin ist gebucht und bestätigt.') + `\n\n${details.de(p)}\n\n${calendarNote.de}`,
    },
    en: {
      subject: (p) => (p.status === 'pending' ? `Appointment request received: ${type(p, 'en')}` : `Appointment confirmed: ${type(p, 'en')}`),
      body: (p) =>
        (p.status === 'pending'
          ? 'your appointment request has arrived. The firm will confirm it shortly; until then the time is reserved for you.'
          : p.enteredBy
            ? `the firm entered an appointment for you and confirmed it (${p.enteredBy}). You find it in the portal among your appointments.`
            : 'your appointment is booked and confirmed.') + `\n\n${details.en(p)}\n\n${calendarNote.en}`,
    },
  },
  'appointment-new-booking': {
    de: {
      subject: (p) => (p.status === 'pending' ? `Neue Terminanfrage (bitte bestätigen): ${type(p, 'de')}` : `Neuer Termin: ${type(p, 'de')}`),
      body: (p) =>
        (p.enteredBy ? `${p.enteredBy} hat für ${p.booker} (${p.clientName}) einen Termin eingetragen.` : `${p.booker} (${p.clientName}) hat einen Termin gebucht.`) +
        `\n\n${details.de(p)}`,
    },
    en: {
      subject: (p) => (p.status === 'pending' ? `New appointment request (please confirm): ${type(p, 'en')}` : `New appointment: ${type(p, 'en')}`),
      body: (p) =>
        (p.enteredBy ? `${p.enteredBy} entered an appointment for ${p.booker} (${p.clientName}).` : `${p.booker} (${p.clientName}) booked an appointment.`) +
        `\n\n${details.en(p)}`,
    },
  },
  'appointment-confirmed': {
    de: { subject: (p) => `Termin bestätigt: ${type(p, 'de')}`, body: (p) => `die Kanzlei hat Ihren Termin bestätigt.\n\n${details.de(p)}\n\n${calendarNote.de}` },
    en: { subject: (p) => `Appointment confirmed: ${type(p, 'en')}`, body: (p) => `the firm confirmed your appointment.\n\n${details.en(p)}\n\n${calendarNote.en}` },
  },
  'appointment-declined': {
    de: {
      subject: (p) => `Termin abgelehnt: ${type(p, 'de')}`,
      body: (p) => `die Kanzlei kann Ihre Terminanfrage leider nicht wahrnehmen.\n\nBegründung: ${p.reason}\n\n${details.de(p)}\n\nSie können im Portal gern einen anderen Termin wählen.`,
    },
    en: {
      subject: (p) => `Appointment declined: ${type(p, 'en')}`,
      body: (p) => `unfortunately the firm cannot take your appointment request.\n\nReason: ${p.reason}\n\n${details.en(p)}\n\nYou are welcome to choose another time in the portal.`,
    },
  },
  'appointment-rescheduled': {
    de: {
      subject: (p) => `Termin verschoben: ${type(p, 'de')}`,
      body: (p) => `der Termin wurde verschoben${p.status === 'pending' ? ' und wartet auf die Bestätigung der Kanzlei' : ''}. Die neue Zeit:\n\n${details.de(p)}\n\n${calendarNote.de}`,
    },
    en: {
      subject: (p) => `Appointment moved: ${type(p, 'en')}`,
      body: (p) => `the appointment was moved${p.status === 'pending' ? ' and awaits the firm\'s confirmation' : ''}. The new time:\n\n${details.en(p)}\n\n${calendarNote.en}`,
    },
  },
  'appointment-cancelled': {
    de: { subject: (p) => `Termin abgesagt: ${type(p, 'de')}`, body: (p) => `der folgende Termin wurde abgesagt${p.by ? ` (von ${p.by})` : ''}:\n\n${details.de(p)}` },
    en: { subject: (p) => `Appointment cancelled: ${type(p, 'en')}`, body: (p) => `the following appointment was cancelled${p.by ? ` (by ${p.by})` : ''}:\n\n${details.en(p)}` },
  },
  'appointment-reminder': {
    de: { subject: (p) => `Erinnerung an Ihren Termin: ${type(p, 'de')}`, body: (p) => `wir erinnern Sie an Ihren Termin.\n\n${details.de(p)}` },
    en: { subject: (p) => `Reminder of your appointment: ${type(p, 'en')}`, body: (p) => `this is a reminder of your appointment.\n\n${details.en(p)}` },
  },
} satisfies Record<string, Template>

/** The .ics attachment of a mail whose params carry one (params.ics, params.icsMethod). */
export function calendarAttachment(params: Record<string, string>) {
  if (!params.ics) return undefined
  const method = params.icsMethod === 'CANCEL' ? 'CANCEL' : 'REQUEST'
  return [{ filename: 'termin.ics', content: params.ics, contentType: `text/calendar; charset=utf-8; method=${method}` }]
}
