import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../../functions/appointments/app.ts'
import { queueAppointmentReminders } from '../../../functions/appointments/service/reminders.ts'
import { deliverDueMail } from '../../../functions/_shared/mail/worker.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { buildAppointmentFixture, type AppointmentFixture } from '../../helpers/appointment-fixture.ts'
import { PEOPLE, type Person } from '../../helpers/access-fixture.ts'
import { call } from '../../helpers/http.ts'
import { signInAs } from '../../helpers/personas.ts'
import { mailParts, mailSubject, parseIcs, startRawMailbox, type RawMail } from '../../helpers/raw-mail.ts'

let ctx: TestContext
let f: AppointmentFixture
let mailbox: Awaited<ReturnType<typeof startRawMailbox>>
beforeAll(async () => {
  mailbox = await startRawMailbox()
  ctx = await createTestContext({ SMTP_URL: mailbox.url })
  f = await buildAppointmentFixture(ctx)
  await at('2027-05-03T08:00:00Z') // Monday 10:00 Berlin
})
afterAll(async () => {
  await ctx.close()
  await mailbox.close()
})

async function at(iso: string) {
  ctx.setNow(new Date(iso))
  for (const name of PEOPLE) f.cookies[name] = await signInAs(ctx, f.people[name])
}
const as = (who: Person, method: string, path: string, body?: unknown) => call(app, method, `/functions/v1/appointments${path}`, { cookie: f.cookies[who], body })
const book = (who: Person, type: string, startsAt: string) =>
  as(who, 'POST', '', { typeId: type, startsAt, answers: type === f.types.all ? { topic: 'Vertrag prüfen' } : {}, timeZone: 'Europe/Berlin' })

/** Delivers the outbox and returns the new mails to the address. */
async function deliveredTo(email: string): Promise<RawMail[]> {
  const before = mailbox.mails.length
  while ((await deliverDueMail(ctx.runtime)) > 0);
  return mailbox.mails.slice(before).filter((m) => m.to.includes(email))
}
const text = (mail: RawMail) => mailParts(mail.raw).find((p) => p.type.startsWith('text/plain'))!.text
const ics = (mail: RawMail) => {
  const part = mailParts(mail.raw).find((p) => p.type.startsWith('text/calendar'))
  expect(part, `no .ics in "${mailSubject(mail.raw)}"`).toBeDefined()
  expect(part!.type).toMatch(/method=(REQUEST|CANCEL)/)
  expect(part!.headers).toMatch(/filename="?termin\.ics/)
  return parseIcs(part!.text)
}

describe('confirm and decline, with mails and .ics', () => {
  it('a booking awaiting confirmation: the client and the lawyer are told; the decline mail carries the reason', async () => {
    const owner = f.people.client_a_owner.email
    const res = await book('client_a_owner', f.types.confirm, '2027-05-10T08:00:00Z')
    expect(res.json).toMatchObject({ status: 'pending', sequence: 0 })
    const [booked] = await deliveredTo(owner)
    expect(mailSubject(booked!.raw)).toBe('Terminanfrage erhalten: Besprechung')
    expect(text(booked!)).toContain('Montag, 10. Mai 2027, 10:00 Uhr MESZ')
    expect(text(booked!)).not.toContain('Vertrag')
    const first = ics(booked!)
    expect(first).toMatchObject({ METHOD: 'REQUEST', UID: `${res.json.id}@mandantenportal`, SEQUENCE: '0', DTSTART: '20270510T080000Z', DTEND: '20270510T083000Z', STATUS: 'TENTATIVE' })
    const staffMails = mailbox.mails.filter((m) => m.to.includes(f.people.clerk_a.email))
    expect(mailSubject(staffMails.at(-1)!.raw)).toBe('Neue Terminanfrage (bitte bestätigen): Besprechung')

    // a client cannot decide; the lawyer declines with a reason
    expect((await as('client_a_owner', 'POST', `/${res.json.id}/confirm`, {})).status).toBe(404)
    expect((await as('clerk_a', 'POST', `/${res.json.id}/decline`, { reason: '' })).json.code).toBe('validation_failed')
    const declined = await as('clerk_a', 'POST', `/${res.json.id}/decline`, { reason: 'Ich bin an diesem Tag bei Gericht.' })
    expect(declined.json).toMatchObject({ status: 'declined', declineReason: 'Ich bin an diesem Tag bei Gericht.', sequence: 1 })
    const [mail] = await deliveredTo(owner)
    expect(mailSubject(mail!.raw)).toBe('Termin abgelehnt: Besprechung')
    expect(text(mail!)).toContain('Begründung: Ich bin an diesem Tag bei Gericht.')
    expect(ics(mail!)).toMatchObject({ METHOD: 'CANCEL', UID: first.UID, SEQUENCE: '1', STATUS: 'CANCELLED' })
    // declined frees the slot; deciding twice is refused
    expect((await as('clerk_a', 'POST', `/${res.json.id}/confirm`, {})).json.code).toBe('not_pending')
    expect((await book('client_a_manager', f.types.confirm, '2027-05-10T08:00:00Z')).status).toBe(201)
  })

  it('confirm, reschedule, cancel: one UID, a rising SEQUENCE, times in UTC, in the client\'s language and time zone', async () => {
    await ctx.owner`update public.accounts set locale = 'en' where id = ${f.people.client_b_owner.id}`
    const email = f.people.client_b_owner.email
    const res = await as('client_b_owner', 'POST', '', { typeId: f.types.confirm, startsAt: '2027-05-11T12:00:00Z', timeZone: 'America/New_York' })
    const [booked] = await deliveredTo(email)
    expect(mailSubject(booked!.raw)).toBe('Appointment request received: Meeting')
    expect(text(booked!)).toMatch(/Tuesday,? 11 May 2027,? (at )?08:00 (EDT|GMT-4)/)
    await as('clerk_a', 'POST', `/${res.json.id}/confirm`, {})
    const [confirmed] = await deliveredTo(email)
    expect(mailSubject(confirmed!.raw)).toBe('Appointment confirmed: Meeting')
    const moved = await as('client_b_owner', 'POST', `/${res.json.id}/reschedule`, { startsAt: '2027-05-12T13:30:00Z' })
    // the type requires confirmation: a moved booking waits again
    expect(moved.json).toMatchObject({ status: 'pending', sequence: 2 })
    const [rescheduled] = await deliveredTo(email)
    const staffMoved = mailbox.mails.filter((m) => m.to.includes(f.people.clerk_a.email)).at(-1)!
    expect(mailSubject(staffMoved.raw)).toBe('Termin verschoben: Besprechung')
    await as('client_b_owner', 'POST', `/${res.json.id}/cancel`, {})
    const [cancelled] = await deliveredTo(email)
    const calendars = [booked!, confirmed!, rescheduled!, cancelled!].map(ics)
    expect(new Set(calendars.map((c) => c.UID))).toEqual(new Set([`${res.json.id}@mandantenportal`]))
    expect(calendars.map((c) => Number(c.SEQUENCE))).toEqual([0, 1, 2, 3])
    expect(calendars.map((c) => c.METHOD)).toEqual(['REQUEST', 'REQUEST', 'REQUEST', 'CANCEL'])
    expect(calendars.map((c) => c.DTSTART)).toEqual(['20270511T120000Z', '20270511T120000Z', '20270512T133000Z', '20270512T133000Z'])
    expect(calendars.every((c) => /^\d{8}T\d{6}Z$/.test(c.DTSTART!) && /^\d{8}T\d{6}Z$/.test(c.DTEND!))).toBe(true)
  })

  it('a video appointment carries the portal link to its page, never a video-service link', async () => {
    const res = await book('client_a_member', f.types.project, '2027-05-13T08:00:00Z')
    expect(res.status).toBe(201)
    const [mail] = await deliveredTo(f.people.client_a_member.email)
    expect(text(mail!)).toContain(`http://localhost/termine/${res.json.id}`)
    expect(ics(mail!).LOCATION).toBe(`http://localhost/termine/${res.json.id}`)
    expect(mail!.raw).not.toMatch(/meet\.jit\.si|jitsi/i)
  })

  it('reminds 24 hours before, once, also across a second run (restart, other instance)', async () => {
    const res = await book('client_a_owner', f.types.all, '2027-05-14T12:00:00Z')
    await deliveredTo(f.people.client_a_owner.email)
    ctx.setNow(new Date('2027-05-13T11:00:00Z')) // 25 h before: nothing yet
    expect(await queueAppointmentReminders(ctx.runtime)).toBe(0)
    ctx.setNow(new Date('2027-05-13T12:30:00Z'))
    expect(await queueAppointmentReminders(ctx.runtime)).toBeGreaterThanOrEqual(1)
    expect(await queueAppointmentReminders(ctx.runtime)).toBe(0)
    const reminders = (await deliveredTo(f.people.client_a_owner.email)).filter((m) => mailSubject(m.raw).startsWith('Erinnerung'))
    expect(reminders).toHaveLength(1)
    expect(text(reminders[0]!)).toContain(`/termine/${res.json.id}`)
    await at('2027-05-03T08:00:00Z')
  })
})

describe('access through the API as named people', () => {
  let id: string
  beforeAll(async () => {
    const res = await book('client_a_member', f.types.all, '2027-05-18T08:00:00Z')
    expect(res.json).toMatchObject({ status: 'confirmed' })
    id = res.json.id
  })

  it.each([
    { who: 'client_a_member', status: 200 },
    { who: 'clerk_a', status: 200 },
    { who: 'lawyer', status: 200 },
    { who: 'client_a_owner', status: 404 },
    { who: 'client_b_owner', status: 404 },
    { who: 'tax_adviser', status: 404 },
    { who: 'outsider', status: 404 },
  ] as const)('$who reads the booking → $status', async ({ who, status }) => {
    const res = await as(who, 'GET', `/${id}`)
    expect(res.status).toBe(status)
    if (status === 200) expect(res.json.answers).toEqual({ topic: 'Vertrag prüfen' })
  })

  it.each([
    { who: 'client_a_viewer', type: 'all', status: 404 },
    { who: 'outsider', type: 'all', status: 404 },
    { who: 'client_a_owner', type: 'project', status: 404 },
    { who: 'tax_adviser', type: 'project', status: 200 },
    { who: 'client_b_owner', type: 'chosen', status: 200 },
    { who: 'client_a_owner', type: 'chosen', status: 404 },
  ] as const)('$who asks for free slots of the $type type → $status', async ({ who, type, status }) => {
    expect((await as(who, 'GET', `/types/${f.types[type]}/slots?from=2027-05-18&to=2027-05-18`)).status).toBe(status)
  })

  it('lets staff manage types, availability and exceptions; clients get 404', async () => {
    const body = { nameDe: 'Telefonat', nameEn: 'Phone call', durationMinutes: 20, location: 'phone' }
    const created = await as('clerk_a', 'POST', '/types', body)
    expect(created.status).toBe(201)
    expect(created.json).toMatchObject({ staffId: f.people.clerk_a.id, noticeHours: 24, cutoffHours: 24, audience: 'all_clients' })
    expect((await as('client_a_owner', 'POST', '/types', body)).status).toBe(404)
    expect((await as('clerk_a', 'POST', '/types', { ...body, staffId: f.people.lawyer.id })).status).toBe(404)
    expect((await as('lawyer', 'POST', '/types', { ...body, staffId: f.people.clerk_a.id })).status).toBe(201)
    expect((await as('clerk_a', 'POST', '/types', { ...body, surprise: true })).json.code).toBe('validation_failed')
    expect((await as('clerk_a', 'POST', '/types', { ...body, audience: 'project' })).json.code).toBe('validation_failed')
    expect((await as('client_a_owner', 'PUT', `/types/${created.json.id}`, body)).status).toBe(404)
    expect((await as('clerk_a', 'PUT', `/types/${created.json.id}`, { ...body, durationMinutes: 25 })).json.durationMinutes).toBe(25)
    expect((await as('clerk_a', 'DELETE', `/types/${f.types.all}`)).json.code).toBe('type_in_use')
    expect((await as('clerk_a', 'DELETE', `/types/${created.json.id}`)).status).toBe(200)

    expect((await as('client_a_owner', 'GET', '/availability')).status).toBe(404)
    expect((await as('client_a_owner', 'PUT', '/availability', { holidayState: 'BY', weekly: [] })).status).toBe(404)
    const week = await as('clerk_a', 'PUT', '/availability', { holidayState: 'NW', weekly: [{ weekday: 1, starts: '08:00', ends: '12:00' }, { weekday: 3, starts: '13:00', ends: '18:00' }] })
    expect(week.json).toMatchObject({ holidayState: 'NW', weekly: [{ weekday: 1, starts: '08:00', ends: '12:00' }, { weekday: 3, starts: '13:00', ends: '18:00' }] })
    expect((await as('clerk_a', 'PUT', '/availability', { staffId: f.people.lawyer.id, holidayState: 'BY', weekly: [] })).status).toBe(404)
    const ex = await as('clerk_a', 'POST', '/exceptions', { startsAt: '2027-05-24T00:00:00+02:00', endsAt: '2027-05-29T00:00:00+02:00', kind: 'vacation', note: 'Urlaub' })
    expect(ex.status).toBe(201)
    expect((await as('client_a_owner', 'DELETE', `/exceptions/${ex.json.id}`)).status).toBe(404)
    expect((await slots('client_a_owner', '2027-05-24', '2027-05-28'))).toEqual([])
    expect((await as('clerk_a', 'DELETE', `/exceptions/${ex.json.id}`)).status).toBe(200)
    await as('clerk_a', 'PUT', '/availability', { holidayState: 'BY', weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, starts: '09:00', ends: '17:00' })) })
  })

  it('shows staff their week calendar; clients have none', async () => {
    const week = await as('clerk_a', 'GET', '/calendar?from=2027-05-17')
    expect(week.status).toBe(200)
    expect(week.json.bookings.map((b: { id: string }) => b.id)).toContain(id)
    expect(week.json.from).toBe('2027-05-16T22:00:00.000Z')
    expect((await as('client_a_member', 'GET', '/calendar?from=2027-05-17')).status).toBe(404)
    const mine = await as('client_a_member', 'GET', '/mine')
    expect(mine.json.map((b: { id: string }) => b.id)).toContain(id)
  })

  it('serves the private ICS feed to whoever holds its URL until it is replaced or revoked', async () => {
    expect((await as('client_a_owner', 'POST', '/feed', {})).status).toBe(404)
    const created = await as('clerk_a', 'POST', '/feed', {})
    expect(created.json.url).toMatch(/^http:\/\/localhost\/functions\/v1\/appointments\/feed\.ics\?token=[A-Za-z0-9_-]{43}$/)
    const token = created.json.url.split('token=')[1]
    const [stored] = await ctx.owner`select token_hash from private.appointment_feeds where staff_id = ${f.people.clerk_a.id}`
    expect(stored!.token_hash).toHaveLength(32)
    const feed = await call(app, 'GET', `/functions/v1/appointments/feed.ics?token=${token}`)
    expect(feed.status).toBe(200)
    expect(feed.headers.get('content-type')).toContain('text/calendar')
    expect(feed.text).toContain(`UID:${id}@mandantenportal`)
    expect(feed.text).not.toContain('Vertrag prüfen')
    expect((await as('clerk_a', 'GET', '/feed')).json.active).toBe(true)
    const replaced = await as('clerk_a', 'POST', '/feed', {})
    const unknown = await call(app, 'GET', `/functions/v1/appointments/feed.ics?token=${token}`)
    expect(unknown.status).toBe(404)
    await as('clerk_a', 'DELETE', '/feed')
    const revoked = await call(app, 'GET', `/functions/v1/appointments/feed.ics?token=${replaced.json.url.split('token=')[1]}`)
    expect(revoked.status).toBe(404)
    expect(revoked.text).toBe(unknown.text.replace(unknown.json.requestId, revoked.json.requestId))
  })
})

async function slots(who: Person, from: string, to: string) {
  return ((await as(who, 'GET', `/types/${f.types.all}/slots?from=${from}&to=${to}`)).json.slots as { startsAt: string }[]).map((s) => s.startsAt)
}
