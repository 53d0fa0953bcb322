// Regression tests for the security review of 27 Nov 2026 (appointments), in SQL as named people.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sealAnswers } from '../../../functions/_shared/appointment-answers.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { buildAppointmentFixture, type AppointmentFixture } from '../../helpers/appointment-fixture.ts'
import type { Person } from '../../helpers/access-fixture.ts'

let ctx: TestContext
let f: AppointmentFixture
beforeAll(async () => {
  ctx = await createTestContext()
  f = await buildAppointmentFixture(ctx)
})
afterAll(() => ctx.close())

const as = <T>(who: Person, fn: Parameters<TestContext['db']['asUser']>[1]) => ctx.db.asUser(f.people[who].claims, fn) as Promise<T>

async function bookSql(who: Person, type: string, client: string, project: string | null, startsAt: string, answers: Record<string, string> = {}) {
  const id = crypto.randomUUID()
  await as(who, async (tx) => {
    await tx`insert into public.items (id, kind, client_id, project_id, audience, title, created_by)
             values (${id}, 'appointment', ${client}, ${project}, 'people', 'Termin', ${f.people[who].id})`
    await tx`insert into public.item_recipients (item_id, account_id) values (${id}, ${f.people[who].id})`
    // As the booking service stores them: the answers sealed, the clear column left '{}'.
    const sealed = sealAnswers(ctx.runtime.secrets.fileMasterKey, id, answers)
    await tx`insert into public.appointments (item_id, type_id, client_id, project_id, booked_by, starts_at, answers_ciphertext, answers_key)
             values (${id}, ${type}, ${client}, ${project}, ${f.people[who].id}, ${startsAt}, ${sealed.ciphertext}, ${sealed.key})`
  })
  return id
}

describe('a booker whose membership was revoked loses their bookings', () => {
  it('no reading, moving, cancelling, calendar or staff names after the revocation; all of it again when restored', async () => {
    const who = 'client_a_manager' as const
    const id = await bookSql(who, f.types.all, f.clients.a, null, '2027-03-02T09:00:00Z', { topic: 'Scheidung, Vermögen 2 Mio' })
    const probe = () => as<Record<string, unknown[]>>(who, async (tx) => ({
      appt: await tx`select a.item_id, a.answers_ciphertext from public.appointments a where a.item_id = ${id}`,
      types: await tx`select id from public.appointment_types where id = ${f.types.all}`,
      staff: await tx`select id from private.appointment_staff(${[f.people.clerk_a.id]}::uuid[])`,
    }))
    const before = await probe()
    expect([before.appt!.length, before.types!.length, before.staff!.length]).toEqual([1, 1, 1])

    await ctx.owner`update public.client_members set revoked_at = now() where account_id = ${f.people[who].id} and client_id = ${f.clients.a}`
    try {
      const after = await probe()
      expect([after.appt!.length, after.types!.length, after.staff!.length]).toEqual([0, 0, 0])
      // the calendar of the type (to move the booking) is refused, also with the booking as "ignore"
      await expect(as(who, (tx) => tx`select private.booking_calendar(${f.types.all}, '2027-03-01', '2027-03-08', ${id})`)).rejects.toMatchObject({ code: '42501' })
      expect(await as<unknown[]>(who, (tx) => tx`update public.appointments set starts_at = '2027-03-03T09:00:00Z' where item_id = ${id} returning item_id`)).toHaveLength(0)
      expect(await as<unknown[]>(who, (tx) => tx`update public.appointments set status = 'cancelled', cancelled_by = ${f.people[who].id}, cancelled_at = now() where item_id = ${id} returning item_id`)).toHaveLength(0)
      expect((await ctx.owner`select starts_at, status from public.appointments where item_id = ${id}`)[0]).toMatchObject({ status: 'confirmed', starts_at: new Date('2027-03-02T09:00:00Z') })
      // nor mails about it to the staff member
      await expect(as(who, (tx) => tx`select private.enqueue_appointment_mail(${id}, 'appointment-cancelled', 'staff', '{}'::jsonb)`)).rejects.toMatchObject({ code: '42501' })
    } finally {
      await ctx.owner`update public.client_members set revoked_at = null where account_id = ${f.people[who].id} and client_id = ${f.clients.a}`
    }
    expect((await probe()).appt).toHaveLength(1)
  })

  it('booking_calendar with a booking as "ignore" opens only that booking\'s own type', async () => {
    // client_a_owner may not book the chosen type (client B's); their booking of another type does not open it
    const id = await bookSql('client_a_owner', f.types.all, f.clients.a, null, '2027-03-04T09:00:00Z', { topic: 'x' })
    await expect(as('client_a_owner', (tx) => tx`select private.booking_calendar(${f.types.chosen}, '2027-03-01', '2027-03-08', ${id})`)).rejects.toMatchObject({ code: '42501' })
    expect(await as<unknown[]>('client_a_owner', (tx) => tx`select private.booking_calendar(${f.types.all}, '2027-03-01', '2027-03-08', ${id}) as c`)).toHaveLength(1)
  })

  it('a client records a cancellation only under their own name and the present time', async () => {
    const id = await bookSql('client_a_owner', f.types.all, f.clients.a, null, '2027-03-05T09:00:00Z', { topic: 'x' })
    // a move must not write a cancellation
    await expect(as('client_a_owner', (tx) => tx`update public.appointments set starts_at = '2027-03-05T10:00:00Z', cancelled_by = ${f.people.clerk_a.id} where item_id = ${id}`)).rejects.toMatchObject({ code: '42501' })
    expect((await ctx.owner`select status, cancelled_by from public.appointments where item_id = ${id}`)[0]).toEqual({ status: 'confirmed', cancelled_by: null })
    // a cancellation sent under the clerk's name and a past time is recorded as the client's, now
    await as('client_a_owner', (tx) => tx`update public.appointments set status = 'cancelled', cancelled_by = ${f.people.clerk_a.id}, cancelled_at = '2027-01-01T00:00:00Z' where item_id = ${id}`)
    const [r] = await ctx.owner`select status, cancelled_by, cancelled_at > now() - interval '1 minute' as recent from public.appointments where item_id = ${id}`
    expect(r).toEqual({ status: 'cancelled', cancelled_by: f.people.client_a_owner.id, recent: true })
    // and stays so
    await expect(as('client_a_owner', (tx) => tx`update public.appointments set cancelled_by = ${f.people.clerk_a.id} where item_id = ${id}`)).rejects.toMatchObject({ code: '42501' })
  })
})

describe('what clients learn about staff and other clients', () => {
  it('clients read no staff account rows; the staff member of their types only as id and display name', async () => {
    expect(await as<unknown[]>('client_b_owner', (tx) => tx`select email, is_admin from public.accounts where id = ${f.people.clerk_a.id}`)).toHaveLength(0)
    expect(await as<unknown[]>('client_b_owner', (tx) => tx`select * from private.appointment_staff(${[f.people.clerk_a.id, f.people.lawyer.id]}::uuid[])`))
      .toEqual([{ id: f.people.clerk_a.id, display_name: 'clerk_a' }])
    expect(await as<unknown[]>('outsider', (tx) => tx`select * from private.appointment_staff(${[f.people.clerk_a.id]}::uuid[])`)).toHaveLength(0)
    // a client's own id is no staff member
    expect(await as<unknown[]>('client_b_owner', (tx) => tx`select * from private.appointment_staff(${[f.people.client_a_owner.id]}::uuid[])`)).toHaveLength(0)
  })

  it('booking_targets names the client only to those who see the client (not to the outside participant)', async () => {
    const targets = (who: Person) => as<{ client_id: string; client_name: string | null }[]>(who, (tx) => tx`select client_id, client_name from private.booking_targets(${f.types.project})`)
    expect(await targets('tax_adviser')).toEqual([{ client_id: f.clients.a, client_name: null }])
    expect(await targets('client_a_member')).toEqual([{ client_id: f.clients.a, client_name: 'Alpha GmbH' }])
  })
})

describe('the staff member of a booking outside their clients', () => {
  it('sees the booking item and starts and sees its call; nothing else of that client', async () => {
    // clerk_a is assigned to client A only; client B books clerk_a's chosen type
    const id = await bookSql('client_b_owner', f.types.chosen, f.clients.b, null, '2027-03-09T09:00:00Z')
    expect(await as<unknown[]>('clerk_a', (tx) => tx`select id from public.items where id = ${id}`)).toHaveLength(1)
    expect(await as<unknown[]>('clerk_a', (tx) => tx`select id from public.items where id = ${f.items.b_client_doc}`)).toHaveLength(0)
    const room = `review-${crypto.randomUUID()}`
    const [call] = await as<{ id: string }[]>('clerk_a', (tx) => tx`insert into public.call_rooms (item_id, room_name, media, created_by) values (${id}, ${room}, 'video', ${f.people.clerk_a.id}) returning id`)
    expect(await as<unknown[]>('clerk_a', (tx) => tx`select id from public.call_rooms where id = ${call!.id}`)).toHaveLength(1)
    expect(await as<unknown[]>('client_b_owner', (tx) => tx`select id from public.call_rooms where id = ${call!.id}`)).toHaveLength(1)
    expect(await as<unknown[]>('client_a_owner', (tx) => tx`select id from public.items where id = ${id}`)).toHaveLength(0)
  })
})

describe('the staff member\'s calendar feed', () => {
  it('is neutral (type, client number) unless the staff member chose names', async () => {
    await bookSql('client_b_owner', f.types.chosen, f.clients.b, null, '2027-03-10T09:00:00Z')
    const hash = Buffer.alloc(32, 7)
    const feed = () => ctx.db.asUser({ role: 'anon' }, (tx) => tx`select type_name, client_number, booker_name, client_name from private.appointment_feed(${hash}) where type_name = 'Jahresgespräch'`)
    const [number] = await ctx.owner`select number from public.clients where id = ${f.clients.b}`
    await as('clerk_a', (tx) => tx`select private.set_appointment_feed(${hash})`)
    const neutral = await feed()
    expect(neutral.length).toBeGreaterThan(0)
    expect(neutral[0]).toEqual({ type_name: 'Jahresgespräch', client_number: number!.number, booker_name: null, client_name: null })
    await as('clerk_a', (tx) => tx`select private.set_appointment_feed(${hash}, true)`)
    expect((await feed())[0]).toEqual({ type_name: 'Jahresgespräch', client_number: number!.number, booker_name: 'client_b_owner', client_name: 'Beta AG' })
  })
})

describe('rate limit of booking changes', () => {
  it('ten changes an hour per person, the eleventh answers appointment_rate_limited (PT429); others are not affected', async () => {
    for (let i = 0; i < 10; i++) await as('outsider', (tx) => tx`select private.take_appointment_change()`)
    await expect(as('outsider', (tx) => tx`select private.take_appointment_change()`)).rejects.toMatchObject({ code: 'PT429', message: 'appointment_rate_limited' })
    await as('client_a_viewer', (tx) => tx`select private.take_appointment_change()`)
    // the window ends after an hour
    await ctx.owner`update private.sign_in_throttle set window_started_at = now() - interval '61 minutes' where key = ${`appointment-change:${f.people.outsider.id}`}`
    await as('outsider', (tx) => tx`select private.take_appointment_change()`)
  })
})
