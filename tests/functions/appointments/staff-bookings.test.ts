import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../../functions/appointments/app.ts'
import { deliverDueMail } from '../../../functions/_shared/mail/worker.ts'
import { PEOPLE, type Person } from '../../helpers/access-fixture.ts'
import { buildAppointmentFixture, type AppointmentFixture } from '../../helpers/appointment-fixture.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { call } from '../../helpers/http.ts'
import { createPersona, signInAs, type Persona } from '../../helpers/personas.ts'
import { mailParts, mailSubject, parseIcs, startRawMailbox, type RawMail } from '../../helpers/raw-mail.ts'

let ctx: TestContext
let f: AppointmentFixture
let clerkB: Persona
let clerkBCookie: string
let mailbox: Awaited<ReturnType<typeof startRawMailbox>>
beforeAll(async () => {
  mailbox = await startRawMailbox()
  ctx = await createTestContext({ SMTP_URL: mailbox.url })
  f = await buildAppointmentFixture(ctx)
  clerkB = await createPersona(ctx, 'clerk_b', { kind: 'staff' })
  await ctx.owner`insert into public.client_staff (client_id, account_id) values (${f.clients.b}, ${clerkB.id})`
  // Clients book 'Besprechung' two days ahead at the earliest; the firm may enter it sooner.
  await ctx.owner`update public.appointment_types set notice_hours = 48 where id = ${f.types.confirm}`
  await ctx.owner`update public.accounts set locale = 'en' where id = ${f.people.client_a_manager.id}`
  ctx.setNow(new Date('2027-05-03T08:00:00Z')) // Monday 10:00 Berlin
  for (const name of PEOPLE) f.cookies[name] = await signInAs(ctx, f.people[name])
  clerkBCookie = await signInAs(ctx, clerkB)
})
afterAll(async () => {
  await ctx.close()
  await mailbox.close()
})

type Actor = Person | 'clerk_b'
const as = (who: Actor, method: string, path: string, body?: unknown) =>
  call(app, method, `/functions/v1/appointments${path}`, { cookie: who === 'clerk_b' ? clerkBCookie : f.cookies[who], body })
const enter = (who: Actor, body: Record<string, unknown>) => as(who, 'POST', '/for-client', { clientId: f.clients.a, timeZone: 'Europe/Berlin', ...body })
const count = async () => Number((await ctx.owner`select count(*) as n from public.appointments`)[0]!.n)

async function delivered(): Promise<RawMail[]> {
  const before = mailbox.mails.length
  while ((await deliverDueMail(ctx.runtime)) > 0);
  return mailbox.mails.slice(before)
}
const text = (mail: RawMail) => mailParts(mail.raw).find((p) => p.type.startsWith('text/plain'))!.text
const calendar = (mail: RawMail) => {
  const part = mailParts(mail.raw).find((p) => p.type.startsWith('text/calendar'))
  expect(part, `no .ics in "${mailSubject(mail.raw)}"`).toBeDefined()
  expect(part!.type).toMatch(/method=REQUEST/)
  return parseIcs(part!.text)
}

describe('staff enter a booking for a client person (API)', () => {
  it('the lawyer books for a member of A at short notice: confirmed, the person gets the .ics in their language, the type\'s staff member is told', async () => {
    const res = await enter('lawyer', { personId: f.people.client_a_manager.id, typeId: f.types.confirm, startsAt: '2027-05-03T11:00:00Z' })
    expect(res.status).toBe(201)
    expect(res.json).toMatchObject({ status: 'confirmed', clientId: f.clients.a, booker: { id: f.people.client_a_manager.id }, enteredBy: { id: f.people.lawyer.id, name: 'lawyer' } })
    // The same time is too soon for the client's own booking (notice 48 h).
    expect((await as('client_a_owner', 'POST', '', { typeId: f.types.confirm, startsAt: '2027-05-03T13:00:00Z' })).json.code).toBe('notice_too_short')
    const mails = await delivered()
    const toPerson = mails.filter((m) => m.to.includes(f.people.client_a_manager.email))
    const toStaff = mails.filter((m) => m.to.includes(f.people.clerk_a.email))
    expect(toPerson.map((m) => mailSubject(m.raw))).toEqual(['Appointment confirmed: Meeting'])
    expect(text(toPerson[0]!)).toContain('the firm entered an appointment for you')
    expect(calendar(toPerson[0]!)).toMatchObject({ UID: `${res.json.id}@mandantenportal`, SEQUENCE: '0', STATUS: 'CONFIRMED', DTSTART: '20270503T110000Z' })
    expect(toStaff.map((m) => mailSubject(m.raw))).toEqual(['Neuer Termin: Besprechung'])
    expect(text(toStaff[0]!)).toContain('lawyer hat für client_a_manager (Alpha GmbH) einen Termin eingetragen.')
    // The audit names the staff member as actor, on behalf of the person.
    const [entry] = await ctx.owner`select actor_id, on_behalf_of, client_id from public.audit_log where object_id = ${res.json.id} and action = 'appointment.booked'`
    expect(entry).toMatchObject({ actor_id: f.people.lawyer.id, on_behalf_of: f.people.client_a_manager.id, client_id: f.clients.a })
  })

  it('the person sees it among their own bookings and cancels it like one; the staff member of the type books without a mail to themselves', async () => {
    const res = await enter('clerk_a', { personId: f.people.client_a_member.id, typeId: f.types.all, startsAt: '2027-05-05T08:00:00Z', answers: { topic: 'Mietvertrag' } })
    expect(res.status).toBe(201)
    const mails = await delivered()
    expect(mails.filter((m) => m.to.includes(f.people.clerk_a.email))).toHaveLength(0)
    expect(mails.filter((m) => m.to.includes(f.people.client_a_member.email)).map((m) => mailSubject(m.raw))).toEqual(['Termin bestätigt: Erstberatung'])
    const mine = await as('client_a_member', 'GET', '/mine')
    expect(mine.json.find((a: { id: string }) => a.id === res.json.id)).toMatchObject({ answers: { topic: 'Mietvertrag' }, enteredBy: { id: f.people.clerk_a.id } })
    // Nobody else of the client sees it.
    expect((await as('client_a_owner', 'GET', `/${res.json.id}`)).status).toBe(404)
    expect((await as('client_a_member', 'POST', `/${res.json.id}/cancel`, {})).json).toMatchObject({ status: 'cancelled' })
  })

  it('the firm moves a booking at short notice, a client does not', async () => {
    const res = await enter('clerk_a', { personId: f.people.client_a_owner.id, typeId: f.types.confirm, startsAt: '2027-05-10T08:00:00Z' })
    expect(res.status).toBe(201)
    expect((await as('client_a_owner', 'POST', `/${res.json.id}/reschedule`, { startsAt: '2027-05-04T08:00:00Z' })).json.code).toBe('notice_too_short')
    expect((await as('clerk_a', 'POST', `/${res.json.id}/reschedule`, { startsAt: '2027-05-03T14:00:00Z' })).json).toMatchObject({ status: 'confirmed', sequence: 1 })
  })

  it('takes the intake answers as optional (what the person told on the phone), under a project of the client', async () => {
    const res = await enter('clerk_a', { personId: f.people.client_a_owner.id, typeId: f.types.all, projectId: f.projects.a, startsAt: '2027-05-10T12:00:00Z' })
    expect(res.status).toBe(201)
    expect(res.json).toMatchObject({ answers: {}, projectId: f.projects.a, status: 'confirmed' })
    // The client's own booking of that type still needs the required answer.
    expect((await as('client_a_owner', 'POST', '', { typeId: f.types.all, startsAt: '2027-05-11T12:00:00Z' })).json.code).toBe('answer_required')
  })

  it.each([
    { case: 'a clerk of client B for client A', who: 'clerk_b', body: {}, status: 404, code: 'not_found' },
    { case: 'a client user on the staff path', who: 'client_a_owner', body: {}, status: 404, code: 'not_found' },
    { case: 'for a person without appointments.book', who: 'clerk_a', body: { personId: 'client_a_viewer' }, status: 404, code: 'not_found' },
    { case: 'for a person of another client', who: 'clerk_a', body: { personId: 'client_b_owner' }, status: 404, code: 'not_found' },
    { case: 'a project type under another project', who: 'clerk_a', body: { personId: 'client_a_member', typeId: 'project', projectId: 'b' }, status: 404, code: 'not_found' },
    { case: 'a type filed under another client\'s project', who: 'clerk_a', body: { personId: 'client_a_member', typeId: 'all', projectId: 'b' }, status: 404, code: 'not_found' },
    { case: 'the past', who: 'clerk_a', body: { startsAt: '2027-05-03T07:00:00Z' }, status: 422, code: 'slot_in_past' },
    { case: 'outside the hours', who: 'clerk_a', body: { startsAt: '2027-05-03T18:00:00Z' }, status: 422, code: 'slot_unavailable' },
    { case: 'a taken slot', who: 'lawyer', body: { startsAt: '2027-05-03T11:00:00Z' }, status: 409, code: 'slot_taken' },
    { case: 'an answer to a question the type does not ask', who: 'clerk_a', body: { typeId: 'all', answers: { other: 'x' } }, status: 400, code: 'unknown_question' },
    { case: 'an unknown field', who: 'clerk_a', body: { status: 'pending' }, status: 400, code: 'validation_failed' },
  ] as const)('refuses $case ($code)', async ({ who, body, status, code }) => {
    const b = body as { personId?: Person; typeId?: keyof AppointmentFixture['types']; projectId?: 'b' }
    const before = await count()
    const res = await enter(who, {
      ...body,
      personId: f.people[b.personId ?? 'client_a_owner'].id,
      typeId: f.types[b.typeId ?? 'confirm'],
      ...(b.projectId ? { projectId: f.projects.b } : {}),
      startsAt: (body as { startsAt?: string }).startsAt ?? '2027-05-07T12:00:00Z',
    })
    expect({ status: res.status, code: res.json.code }).toEqual({ status, code })
    expect(await count()).toBe(before)
  })

  it('offers the people and types of the clients the caller sees; the firm\'s slots to staff only', async () => {
    const options = await as('clerk_a', 'GET', `/for-client/options?clientId=${f.clients.a}`)
    expect(options.json.people.map((p: { name: string }) => p.name).sort()).toEqual(['client_a_manager', 'client_a_member', 'client_a_owner'])
    expect(options.json.projects).toEqual([{ id: f.projects.a, name: 'GmbH-Gründung' }])
    expect((await as('clerk_b', 'GET', `/for-client/options?clientId=${f.clients.a}`)).json).toEqual({ people: [], projects: [] })
    expect((await as('client_a_owner', 'GET', `/for-client/options?clientId=${f.clients.a}`)).json).toEqual({ people: [], projects: [] })
    const slots = (who: Actor, firm: string) => as(who, 'GET', `/types/${f.types.confirm}/slots?from=2027-05-03&to=2027-05-03&firm=${firm}`)
    expect((await slots('clerk_a', 'true')).json.slots.length).toBeGreaterThan(0)
    expect((await slots('clerk_a', 'false')).json.slots).toEqual([])
    expect((await slots('client_a_owner', 'true')).status).toBe(404)
  })
})
