import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../../functions/appointments/app.ts'
import { deliverDueMail } from '../../../functions/_shared/mail/worker.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { buildAppointmentFixture, type AppointmentFixture } from '../../helpers/appointment-fixture.ts'
import { PEOPLE } from '../../helpers/access-fixture.ts'
import { call } from '../../helpers/http.ts'
import { signInAs } from '../../helpers/personas.ts'
import { mailParts, parseIcs, startRawMailbox } from '../../helpers/raw-mail.ts'

/**
 * The .ics a booking mails is accepted by the database only as exactly the booking's calendar
 * entry (private.appointment_ics_ok rebuilds it). Names with the characters calendars escape
 * (backslash, semicolon, comma, line breaks), quotes, umlauts, emoji and lengths that make the
 * library fold lines must still book — and the mail must carry the names as the library wrote them.
 */
let ctx: TestContext
let f: AppointmentFixture
let mailbox: Awaited<ReturnType<typeof startRawMailbox>>
const TYPE = 'Erstberatung; Arbeits-, Miet- & Familienrecht "Spezial" \\ Ümläute 😀 – ein sehr langer Name, der weit über fünfundsiebzig Oktette hinausgeht'
const PLACE = 'Raum 3, 2. OG; Eingang über den Hof \\ Klingel "Berger" – bitte 5 Minuten früher da sein, danke schön'

beforeAll(async () => {
  mailbox = await startRawMailbox()
  ctx = await createTestContext({ SMTP_URL: mailbox.url })
  f = await buildAppointmentFixture(ctx)
  await ctx.owner`update public.appointment_types set name_de = ${TYPE}, location_detail = ${PLACE} where id = ${f.types.all}`
  await ctx.owner`update public.accounts set display_name = ${'Müller, Anna "Anni"; Dr. 😀'} where id = ${f.people.client_a_owner.id}`
  await ctx.owner`update public.accounts set display_name = ${'Berger; Dr. "Clara" Vogt, LL.M. – Fachanwältin für Arbeitsrecht und Familienrecht 😀'} where id = ${f.people.clerk_a.id}`
  await ctx.owner`update public.firm_settings set firm_name = ${'Berger, Krause & Partner; Rechtsanwälte "mbB"'} where id = 1`
  ctx.setNow(new Date('2027-05-03T08:00:00Z'))
  for (const name of PEOPLE) f.cookies[name] = await signInAs(ctx, f.people[name])
})
afterAll(async () => {
  await ctx.close()
  await mailbox.close()
})

describe('calendar entries with awkward names', () => {
  it('books, moves and cancels; every mail carries an .ics with the names unchanged', async () => {
    const as = (method: string, path: string, body?: unknown) => call(app, method, `/functions/v1/appointments${path}`, { cookie: f.cookies.client_a_owner, body })
    const booked = await as('POST', '', { typeId: f.types.all, startsAt: '2027-05-10T08:00:00Z', answers: { topic: 'Vertrag' }, timeZone: 'Europe/Berlin' })
    expect(booked.status, JSON.stringify(booked.json)).toBe(201)
    const id = booked.json.id as string
    const moved = await as('POST', `/${id}/reschedule`, { startsAt: '2027-05-11T08:00:00Z' })
    expect(moved.status, JSON.stringify(moved.json)).toBeLessThan(300)
    const cancelled = await as('POST', `/${id}/cancel`, {})
    expect(cancelled.status, JSON.stringify(cancelled.json)).toBeLessThan(300)
    while ((await deliverDueMail(ctx.runtime)) > 0);
    const calendars = mailbox.mails
      .map((m) => mailParts(m.raw).find((p) => p.type.startsWith('text/calendar')))
      .filter((p): p is NonNullable<typeof p> => p !== undefined)
      .map((p) => parseIcs(p.text))
    expect(calendars.length).toBeGreaterThanOrEqual(3)
    for (const entry of calendars) {
      expect(entry.UID).toBe(`${id}@mandantenportal`)
      expect(String(entry.SUMMARY)).toContain('Ümläute 😀')
    }
    expect(calendars.map((c) => c.METHOD)).toContain('CANCEL')
  })
})
