import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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

/** A booking made directly in SQL as the person: the item, its recipient, the appointment. */
async function bookSql(who: Person, type: string, client: string, project: string | null, startsAt: string) {
  const id = crypto.randomUUID()
  await ctx.db.asUser(f.people[who].claims, async (tx) => {
    await tx`insert into public.items (id, kind, client_id, project_id, audience, title, created_by)
             values (${id}, 'appointment', ${client}, ${project}, 'people', 'Termin', ${f.people[who].id})`
    await tx`insert into public.item_recipients (item_id, account_id) values (${id}, ${f.people[who].id})`
    await tx`insert into public.appointments (item_id, type_id, client_id, project_id, booked_by, starts_at)
             values (${id}, ${type}, ${client}, ${project}, ${f.people[who].id}, ${startsAt})`
  })
  return id
}
const row = async (id: string) => (await ctx.owner`select status, sequence, ends_at, lower(blocked) as bf, upper(blocked) as bt from public.appointments where item_id = ${id}`)[0]!

describe('who sees which appointment types (SQL as named people)', () => {
  const names = (rows: { name_de: string }[]) => rows.map((r) => r.name_de).sort()
  it.each([
    { who: 'clerk_a', types: ['Besprechung', 'Erstberatung', 'Gründungstermin', 'Jahresgespräch'] },
    { who: 'client_a_owner', types: ['Besprechung', 'Erstberatung'] },
    // the member takes part in project A, so its type is open to them
    { who: 'client_a_member', types: ['Besprechung', 'Erstberatung', 'Gründungstermin'] },
    { who: 'tax_adviser', types: ['Gründungstermin'] },
    { who: 'client_b_owner', types: ['Besprechung', 'Erstberatung', 'Jahresgespräch'] },
    // without appointments.book: nothing
    { who: 'client_a_viewer', types: [] },
    { who: 'client_a_delegate', types: [] },
    { who: 'outsider', types: [] },
  ] as const)('$who sees $types', async ({ who, types }) => {
    expect(names(await as(who, (tx) => tx`select name_de from public.appointment_types`))).toEqual([...types])
  })

  it('lets staff edit their own types and admins any; clients none', async () => {
    const rename = (who: Person) => as<unknown[]>(who, (tx) => tx`update public.appointment_types set name_en = 'First meeting' where id = ${f.types.all} returning id`)
    expect(await rename('clerk_a')).toHaveLength(1)
    expect(await rename('lawyer')).toHaveLength(1)
    expect(await rename('client_a_owner')).toHaveLength(0)
    await expect(as('client_a_owner', (tx) => tx`insert into public.appointment_types (staff_id, name_de, name_en, duration_minutes, location, created_by)
                                                 values (${f.people.client_a_owner.id}, 'x', 'x', 30, 'office', ${f.people.client_a_owner.id})`)).rejects.toMatchObject({ code: '42501' })
    // staff cannot create a type in a colleague's calendar (admins can)
    await expect(as('clerk_a', (tx) => tx`insert into public.appointment_types (staff_id, name_de, name_en, duration_minutes, location, created_by)
                                          values (${f.people.lawyer.id}, 'x', 'x', 30, 'office', ${f.people.clerk_a.id})`)).rejects.toMatchObject({ code: '42501' })
  })

  it('keeps weekly hours and exceptions (with their reasons) from clients', async () => {
    await ctx.owner`insert into public.availability_exceptions (staff_id, starts_at, ends_at, kind, note) values (${f.people.clerk_a.id}, '2027-02-03T08:00Z', '2027-02-03T12:00Z', 'court', 'LG München I')`
    expect(await as<unknown[]>('client_a_owner', (tx) => tx`select * from public.availability_exceptions`)).toHaveLength(0)
    expect(await as<unknown[]>('client_a_owner', (tx) => tx`select * from public.staff_availability`)).toHaveLength(0)
    expect(await as<unknown[]>('clerk_a', (tx) => tx`select * from public.availability_exceptions`)).toHaveLength(1)
    // The booking calendar gives a client bare busy times only; someone who may book nothing gets 42501.
    const [cal] = await as<{ c: { exceptions: { from: string; to: string }[] } }[]>('client_a_owner', (tx) => tx`select private.booking_calendar(${f.types.all}, '2027-02-01', '2027-02-08') as c`)
    expect(cal!.c.exceptions.map((e) => [Date.parse(e.from), Date.parse(e.to), Object.keys(e).length])).toEqual([[Date.parse('2027-02-03T08:00Z'), Date.parse('2027-02-03T12:00Z'), 2]])
    expect(JSON.stringify(cal)).not.toContain('LG München')
    await expect(as('outsider', (tx) => tx`select private.booking_calendar(${f.types.all}, '2027-02-01', '2027-02-08')`)).rejects.toMatchObject({ code: '42501' })
  })
})

describe('booking in SQL', () => {
  let attempts = 0
  it.each([
    { who: 'client_a_member', type: 'project', client: 'a', project: true, ok: true },
    { who: 'tax_adviser', type: 'project', client: 'a', project: true, ok: true },
    { who: 'client_a_owner', type: 'project', client: 'a', project: true, ok: false }, // not a participant
    { who: 'client_a_owner', type: 'chosen', client: 'a', project: false, ok: false }, // B only
    { who: 'client_b_owner', type: 'chosen', client: 'b', project: false, ok: true },
    { who: 'client_a_viewer', type: 'all', client: 'a', project: false, ok: false }, // no appointments.book
    { who: 'tax_adviser', type: 'all', client: 'a', project: false, ok: false },
    { who: 'client_b_owner', type: 'all', client: 'a', project: false, ok: false }, // someone else's client
  ] as const)('$who books $type for client $client → $ok', async ({ who, type, client, project, ok }, ) => {
    // one day per case (random times collided now and then: every type is clerk_a's calendar)
    const hour = 9
    const day = 10 + attempts++
    const attempt = bookSql(who, f.types[type], f.clients[client], project ? f.projects.a : null, `2027-03-${day}T${String(hour).padStart(2, '0')}:00:00+01:00`)
    if (ok) await expect(attempt).resolves.toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/) // the new booking's id
    else await expect(attempt).rejects.toMatchObject({ code: '42501' })
  })

  it('computes the end and the blocked range from the type, whatever the caller sends', async () => {
    const id = await bookSql('client_a_owner', f.types.all, f.clients.a, null, '2027-02-01T10:00:00+01:00')
    expect(await row(id)).toMatchObject({ status: 'confirmed', sequence: 0, ends_at: new Date('2027-02-01T10:00:00Z'), bf: new Date('2027-02-01T09:00:00Z'), bt: new Date('2027-02-01T10:15:00Z') })
    await expect(as('client_a_owner', (tx) => tx`update public.appointments set status = 'confirmed', decline_reason = 'x' where item_id = ${id}`)).rejects.toMatchObject({ code: '42501' })
  })

  it('refuses an overlap of the blocked ranges (buffers included) for active bookings only', async () => {
    const first = await bookSql('client_a_owner', f.types.all, f.clients.a, null, '2027-02-02T10:00:00+01:00')
    // 11:00 starts inside the 15-minute buffer after the first booking
    await expect(bookSql('client_a_manager', f.types.all, f.clients.a, null, '2027-02-02T11:00:00+01:00')).rejects.toMatchObject({ code: '23P01' })
    await expect(bookSql('client_b_owner', f.types.chosen, f.clients.b, null, '2027-02-02T10:30:00+01:00')).rejects.toMatchObject({ code: '23P01' })
    expect(await bookSql('client_a_manager', f.types.all, f.clients.a, null, '2027-02-02T11:15:00+01:00')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    await as('client_a_owner', (tx) => tx`update public.appointments set status = 'cancelled' where item_id = ${first}`)
    expect(await row(first)).toMatchObject({ status: 'cancelled', sequence: 1 })
    expect(await bookSql('client_b_owner', f.types.chosen, f.clients.b, null, '2027-02-02T10:00:00+01:00')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
  })

  it('refuses the past and the daily cap in the database', async () => {
    await expect(bookSql('client_a_owner', f.types.all, f.clients.a, null, '2020-02-03T10:00:00+01:00')).rejects.toMatchObject({ message: 'slot_in_past' })
    await ctx.owner`update public.appointment_types set daily_cap = 1 where id = ${f.types.confirm}`
    await bookSql('client_a_owner', f.types.confirm, f.clients.a, null, '2027-02-04T09:00:00+01:00')
    await expect(bookSql('client_a_manager', f.types.confirm, f.clients.a, null, '2027-02-04T15:00:00+01:00')).rejects.toMatchObject({ message: 'daily_cap_reached', code: 'PT409' })
    await ctx.owner`update public.appointment_types set daily_cap = null where id = ${f.types.confirm}`
  })

  it('lets the client cancel only before the cut-off; confirming and declining are the firm\'s', async () => {
    const soon = new Date(Date.now() + 3 * 3600_000)
    soon.setUTCMinutes(0, 0, 0)
    const late = crypto.randomUUID()
    // Arranged by the owner: a booking 3 hours ahead (the cut-off of 24 h has passed).
    await ctx.owner`insert into public.items (id, kind, client_id, audience, title, created_by) values (${late}, 'appointment', ${f.clients.a}, 'people', 'Termin', ${f.people.client_a_owner.id})`
    await ctx.owner`insert into public.appointments (item_id, type_id, client_id, booked_by, starts_at) values (${late}, ${f.types.confirm}, ${f.clients.a}, ${f.people.client_a_owner.id}, ${soon})`
    await expect(as('client_a_owner', (tx) => tx`update public.appointments set status = 'cancelled' where item_id = ${late}`)).rejects.toMatchObject({ message: 'cutoff_passed' })
    await expect(as('client_a_owner', (tx) => tx`update public.appointments set status = 'confirmed' where item_id = ${late}`)).rejects.toMatchObject({ code: '42501' })
    // someone else's booking: no row to change
    expect(await as<unknown[]>('client_a_manager', (tx) => tx`update public.appointments set status = 'cancelled' where item_id = ${late} returning item_id`)).toHaveLength(0)
    expect(await as<unknown[]>('clerk_a', (tx) => tx`update public.appointments set status = 'confirmed' where item_id = ${late} returning item_id`)).toHaveLength(1)
    expect(await row(late)).toMatchObject({ status: 'confirmed', sequence: 1 })
    // the firm may cancel after the cut-off
    expect(await as<unknown[]>('clerk_a', (tx) => tx`update public.appointments set status = 'cancelled' where item_id = ${late} returning item_id`)).toHaveLength(1)
    const early = await bookSql('client_a_owner', f.types.confirm, f.clients.a, null, '2027-02-05T09:00:00+01:00')
    expect(await row(early)).toMatchObject({ status: 'pending' })
    expect(await as<unknown[]>('client_a_owner', (tx) => tx`update public.appointments set status = 'cancelled' where item_id = ${early} returning item_id`)).toHaveLength(1)
    await expect(as('clerk_a', (tx) => tx`update public.appointments set status = 'declined' where item_id = ${early}`)).rejects.toMatchObject({ message: 'appointment_closed' })
  })

  it('shows a booking to the booker, the staff member and the client\'s staff only', async () => {
    const id = await bookSql('client_a_member', f.types.all, f.clients.a, null, '2027-02-08T09:00:00+01:00')
    const sees = async (who: Person) => (await as<unknown[]>(who, (tx) => tx`select item_id from public.appointments where item_id = ${id}`)).length === 1
    expect(await sees('client_a_member')).toBe(true)
    expect(await sees('clerk_a')).toBe(true)
    expect(await sees('lawyer')).toBe(true)
    expect(await sees('client_a_owner')).toBe(false)
    expect(await sees('client_b_owner')).toBe(false)
    expect(await sees('tax_adviser')).toBe(false)
    expect(await sees('outsider')).toBe(false)
    // the booker sees the staff member's name even without an assignment to their client
    // (through private.appointment_staff: id and display name only, never the account row)
    const [staff] = await as<{ display_name: string }[]>('client_b_owner', (tx) => tx`select display_name from private.appointment_staff(${[f.people.clerk_a.id]}::uuid[])`)
    expect(staff?.display_name).toBe('clerk_a')
    expect(await as<unknown[]>('outsider', (tx) => tx`select display_name from private.appointment_staff(${[f.people.clerk_a.id]}::uuid[])`)).toHaveLength(0)
  })

  it('answers nothing for an unknown feed token and refuses the feed functions to anon callers of other functions', async () => {
    const rows = await ctx.db.asUser({ role: 'anon' }, (tx) => tx`select * from private.appointment_feed(${Buffer.alloc(32)})`)
    expect(rows).toHaveLength(0)
    await expect(ctx.db.asUser({ role: 'anon' }, (tx) => tx`select private.set_appointment_feed(${Buffer.alloc(32)})`)).rejects.toMatchObject({ code: '42501' })
    await expect(as('client_a_owner', (tx) => tx`select private.set_appointment_feed(${Buffer.alloc(32)})`)).rejects.toMatchObject({ code: '42501' })
  })
})
