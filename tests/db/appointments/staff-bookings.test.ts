import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Person } from '../../helpers/access-fixture.ts'
import { buildAppointmentFixture, type AppointmentFixture } from '../../helpers/appointment-fixture.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { createPersona, type Persona } from '../../helpers/personas.ts'

let ctx: TestContext
let f: AppointmentFixture
let clerkB: Persona
beforeAll(async () => {
  ctx = await createTestContext()
  f = await buildAppointmentFixture(ctx)
  // A clerk who works on client B only.
  clerkB = await createPersona(ctx, 'clerk_b', { kind: 'staff' })
  await ctx.owner`insert into public.client_staff (client_id, account_id) values (${f.clients.b}, ${clerkB.id})`
})
afterAll(() => ctx.close())

type Actor = Person | 'clerk_b'
const persona = (who: Actor) => (who === 'clerk_b' ? clerkB : f.people[who])
const as = <T>(who: Actor, fn: Parameters<TestContext['db']['asUser']>[1]) => ctx.db.asUser(persona(who).claims, fn) as Promise<T>
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * A booking entered directly in SQL by `who` for `person`: the item (created by who, addressed to
 * the person), the appointment with entered_by = who (or the value given).
 */
async function enterSql(who: Actor, person: Person, o: { type?: keyof AppointmentFixture['types']; client?: 'a' | 'b'; project?: string | null; startsAt: string; enteredBy?: string | null }) {
  const id = crypto.randomUUID()
  const client = f.clients[o.client ?? 'a']
  const project = o.project ?? null
  const by = persona(who).id
  await as(who, async (tx) => {
    await tx`insert into public.items (id, kind, client_id, project_id, audience, title, created_by)
             values (${id}, 'appointment', ${client}, ${project}, 'people', 'Termin', ${by})`
    await tx`insert into public.item_recipients (item_id, account_id) values (${id}, ${f.people[person].id})`
    await tx`insert into public.appointments (item_id, type_id, client_id, project_id, booked_by, entered_by, starts_at)
             values (${id}, ${f.types[o.type ?? 'all']}, ${client}, ${project}, ${f.people[person].id}, ${o.enteredBy === undefined ? by : o.enteredBy}, ${o.startsAt})`
  })
  return id
}
const row = async (id: string) =>
  (await ctx.owner`select status, booked_by, entered_by, decided_by, decided_at is not null as decided from public.appointments where item_id = ${id}`)[0]!

describe('staff enter bookings for a client person (SQL as named people)', () => {
  it('a clerk of client A books for a member of A: confirmed at once, the member sees and manages it as theirs', async () => {
    const id = await enterSql('clerk_a', 'client_a_member', { type: 'confirm', startsAt: '2027-04-05T09:00:00+02:00' })
    // The type needs confirmation from clients; the firm's own entry is confirmed by the clerk.
    expect(await row(id)).toMatchObject({ status: 'confirmed', booked_by: f.people.client_a_member.id, entered_by: f.people.clerk_a.id, decided_by: f.people.clerk_a.id, decided: true })
    const mine = await as<{ item_id: string }[]>('client_a_member', (tx) => tx`select item_id from public.appointments where booked_by = ${f.people.client_a_member.id}`)
    expect(mine.map((r) => r.item_id)).toContain(id)
    // Other people of the client do not see it (a booking is the person's, as their own ones are).
    expect(await as<unknown[]>('client_a_manager', (tx) => tx`select 1 from public.appointments where item_id = ${id}`)).toHaveLength(0)
    // The member moves it like an own booking (before the cut-off) and cancels it.
    expect(await as<unknown[]>('client_a_member', (tx) => tx`update public.appointments set starts_at = '2027-04-05T10:00:00+02:00' where item_id = ${id} returning 1`)).toHaveLength(1)
    expect(await as<unknown[]>('client_a_member', (tx) => tx`update public.appointments set status = 'cancelled' where item_id = ${id} returning 1`)).toHaveLength(1)
    expect(await row(id)).toMatchObject({ status: 'cancelled', entered_by: f.people.clerk_a.id })
  })

  it('admins book for any client; a project type for its participant, with the project', async () => {
    expect(await enterSql('lawyer', 'client_b_owner', { type: 'chosen', client: 'b', startsAt: '2027-04-06T09:00:00+02:00' })).toMatch(UUID)
    expect(await enterSql('clerk_a', 'client_a_member', { type: 'project', project: f.projects.a, startsAt: '2027-04-06T11:00:00+02:00' })).toMatch(UUID)
    // Any other type may be filed under an open project of the client.
    expect(await enterSql('clerk_a', 'client_a_owner', { type: 'all', project: f.projects.a, startsAt: '2027-04-06T13:00:00+02:00' })).toMatch(UUID)
  })

  it.each([
    { case: 'a clerk of client B for a member of A', who: 'clerk_b', person: 'client_a_member', o: {} },
    { case: 'a clerk for a person of another client', who: 'clerk_a', person: 'client_b_owner', o: {} },
    { case: 'for a member without appointments.book', who: 'clerk_a', person: 'client_a_viewer', o: {} },
    { case: 'for an outside participant', who: 'clerk_a', person: 'tax_adviser', o: { type: 'project', project: 'a' } },
    { case: 'a project type for a member who is no participant', who: 'clerk_a', person: 'client_a_owner', o: { type: 'project', project: 'a' } },
    { case: 'a type chosen for B only, for client A', who: 'clerk_a', person: 'client_a_owner', o: { type: 'chosen' } },
    { case: 'under another staff member\'s name', who: 'clerk_a', person: 'client_a_owner', o: { enteredBy: 'lawyer' } },
    { case: 'a client user on the staff path (entered_by = a clerk)', who: 'client_a_owner', person: 'client_a_member', o: { enteredBy: 'clerk_a' } },
    { case: 'a client user for themselves, claiming a clerk entered it (would skip confirmation)', who: 'client_a_owner', person: 'client_a_owner', o: { type: 'confirm', enteredBy: 'clerk_a' } },
  ] as const)('refuses $case', async ({ who, person, o }) => {
    const opts = o as { type?: keyof AppointmentFixture['types']; project?: 'a'; enteredBy?: Person }
    const attempt = enterSql(who, person, {
      type: opts.type,
      project: opts.project ? f.projects.a : null,
      enteredBy: opts.enteredBy ? f.people[opts.enteredBy].id : undefined,
      startsAt: '2027-04-07T09:00:00+02:00',
    })
    await expect(attempt).rejects.toMatchObject({ code: expect.stringMatching(/^(42501|23514)$/) })
    expect(await ctx.owner`select 1 from public.appointments where starts_at = '2027-04-07T09:00:00+02:00'`).toHaveLength(0)
  })

  it('refuses double booking and the past for staff as for clients; the client path still waits for confirmation', async () => {
    await enterSql('clerk_a', 'client_a_owner', { startsAt: '2027-04-08T09:00:00+02:00' })
    // 09:30 overlaps the first hour (clerk_a's calendar), whoever books it
    await expect(enterSql('lawyer', 'client_a_manager', { startsAt: '2027-04-08T09:30:00+02:00' })).rejects.toMatchObject({ code: '23P01' })
    await expect(enterSql('clerk_a', 'client_a_manager', { startsAt: '2020-04-08T09:00:00+02:00' })).rejects.toMatchObject({ message: 'slot_in_past' })
    // The client's own booking of the same type (entered_by null) stays pending.
    const own = crypto.randomUUID()
    await as('client_a_owner', async (tx) => {
      await tx`insert into public.items (id, kind, client_id, audience, title, created_by) values (${own}, 'appointment', ${f.clients.a}, 'people', 'Termin', ${f.people.client_a_owner.id})`
      await tx`insert into public.item_recipients (item_id, account_id) values (${own}, ${f.people.client_a_owner.id})`
      await tx`insert into public.appointments (item_id, type_id, client_id, booked_by, starts_at) values (${own}, ${f.types.confirm}, ${f.clients.a}, ${f.people.client_a_owner.id}, '2027-04-08T14:00:00+02:00')`
    })
    expect(await row(own)).toMatchObject({ status: 'pending', entered_by: null, decided: false })
  })

  it('never changes who entered a booking, not even for the owner', async () => {
    const id = await enterSql('clerk_a', 'client_a_owner', { startsAt: '2027-04-09T09:00:00+02:00' })
    await expect(as('clerk_a', (tx) => tx`update public.appointments set entered_by = ${f.people.lawyer.id} where item_id = ${id}`)).rejects.toMatchObject({ code: '42501' })
    await expect(ctx.owner`update public.appointments set entered_by = ${f.people.lawyer.id} where item_id = ${id}`).rejects.toMatchObject({ code: '42501' })
  })

  it('offers staff the people and types of the clients they see, nothing else', async () => {
    const options = (who: Actor, client: 'a' | 'b') =>
      as<{ person_name: string; type_id: string; project_id: string | null }[]>(who, (tx) => tx`select * from private.staff_booking_options(${f.clients[client]})`)
    const a = await options('clerk_a', 'a')
    const pairs = a.map((r) => `${r.person_name}:${Object.entries(f.types).find(([, id]) => id === r.type_id)![0]}`).sort()
    expect(pairs).toEqual(
      ['client_a_manager:all', 'client_a_manager:confirm', 'client_a_member:all', 'client_a_member:confirm', 'client_a_member:project', 'client_a_owner:all', 'client_a_owner:confirm'].sort(),
    )
    expect(a.find((r) => r.type_id === f.types.project)!.project_id).toBe(f.projects.a)
    expect(await options('clerk_a', 'b')).toHaveLength(0)
    expect(await options('clerk_b', 'a')).toHaveLength(0)
    expect(await options('client_a_owner', 'a')).toHaveLength(0)
    expect((await options('lawyer', 'b')).map((r) => r.person_name).sort()).toEqual(['client_b_owner', 'client_b_owner', 'client_b_owner'])
  })

  it('opens the firm calendar (no notice) to staff only', async () => {
    await ctx.owner`update public.appointment_types set notice_hours = 48, notice_not_same_day = true where id = ${f.types.confirm}`
    const cal = (who: Actor, firm: boolean) => as<{ c: { type: { noticeHours: number; noticeNotSameDay: boolean } } }[]>(who, (tx) => tx`select private.booking_calendar(${f.types.confirm}, '2027-04-01', '2027-04-08', null, ${firm}) as c`)
    expect((await cal('clerk_a', true))[0]!.c.type).toMatchObject({ noticeHours: 0, noticeNotSameDay: false })
    expect((await cal('clerk_a', false))[0]!.c.type).toMatchObject({ noticeHours: 48, noticeNotSameDay: true })
    expect((await cal('client_a_owner', false))[0]!.c.type).toMatchObject({ noticeHours: 48 })
    await expect(cal('client_a_owner', true)).rejects.toMatchObject({ code: '42501' })
    await ctx.owner`update public.appointment_types set notice_hours = 0, notice_not_same_day = false where id = ${f.types.confirm}`
  })
})
