// Intake answers in SQL as named people: nobody stores them in clear any more, and the size rule
// the clear column carried is kept by the booking service with PostgreSQL's own measure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sealAnswers } from '../../../functions/_shared/appointment-answers.ts'
import { jsonbTextLength } from '../../../functions/appointments/lib/answers-size.ts'
import type { Person } from '../../helpers/access-fixture.ts'
import { buildAppointmentFixture, type AppointmentFixture } from '../../helpers/appointment-fixture.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'

let ctx: TestContext
let f: AppointmentFixture
let booking: string
beforeAll(async () => {
  ctx = await createTestContext()
  f = await buildAppointmentFixture(ctx)
  booking = await insertAs('client_a_owner', '2027-06-01T08:00:00Z', 'sealed')
})
afterAll(() => ctx.close())

const as = <T>(who: Person, fn: Parameters<TestContext['db']['asUser']>[1]) => ctx.db.asUser(f.people[who].claims, fn) as Promise<T>

/** A booking of the 'all' type by who, its answers sealed (or, with 'clear', in the clear column). */
async function insertAs(who: Person, startsAt: string, how: 'sealed' | 'clear') {
  const id = crypto.randomUUID()
  const sealed = sealAnswers(ctx.runtime.secrets.fileMasterKey, id, { topic: 'Erbschaft' })
  await as(who, async (tx) => {
    await tx`insert into public.items (id, kind, client_id, audience, title, created_by) values (${id}, 'appointment', ${f.clients.a}, 'people', 'Termin', ${f.people[who].id})`
    await tx`insert into public.item_recipients (item_id, account_id) values (${id}, ${f.people[who].id})`
    if (how === 'sealed')
      await tx`insert into public.appointments (item_id, type_id, client_id, booked_by, starts_at, answers_ciphertext, answers_key)
               values (${id}, ${f.types.all}, ${f.clients.a}, ${f.people[who].id}, ${startsAt}, ${sealed.ciphertext}, ${sealed.key})`
    else
      await tx`insert into public.appointments (item_id, type_id, client_id, booked_by, starts_at, answers)
               values (${id}, ${f.types.all}, ${f.clients.a}, ${f.people[who].id}, ${startsAt}, ${tx.json({ topic: 'Erbschaft' })})`
  })
  return id
}

describe('clear answers are refused', () => {
  it('a client books with sealed answers, not with clear ones (no grant on the clear column)', async () => {
    expect((await ctx.owner`select answers, answers_ciphertext is not null as sealed from public.appointments where item_id = ${booking}`)[0]).toEqual({ answers: {}, sealed: true })
    await expect(insertAs('client_a_owner', '2027-06-01T10:00:00Z', 'clear')).rejects.toMatchObject({ code: '42501' })
  })

  it('not even the owner stores clear answers, nor puts them back into a sealed booking', async () => {
    const item = crypto.randomUUID()
    await ctx.owner`insert into public.items (id, kind, client_id, audience, title, created_by) values (${item}, 'appointment', ${f.clients.a}, 'people', 'Termin', ${f.people.client_a_owner.id})`
    await expect(ctx.owner`insert into public.appointments (item_id, type_id, client_id, booked_by, starts_at, answers)
                           values (${item}, ${f.types.all}, ${f.clients.a}, ${f.people.client_a_owner.id}, '2027-06-02T08:00:00Z', ${ctx.owner.json({ topic: 'x' })})`)
      .rejects.toMatchObject({ code: '23514', message: 'answers_not_sealed' })
    await expect(ctx.owner`update public.appointments set answers = ${ctx.owner.json({ topic: 'x' })} where item_id = ${booking}`).rejects.toMatchObject({ code: '23514' })
    // Sealed and clear at once is refused by the table's check as well.
    await expect(ctx.owner.begin(async (tx) => {
      await tx`alter table public.appointments disable trigger appointments_answers_sealed`
      await tx`update public.appointments set answers = ${tx.json({ topic: 'x' })} where item_id = ${booking}`
    })).rejects.toMatchObject({ code: '23514', constraint_name: 'appointments_answers_sealed_or_clear' })
  })

  it.each(['client_a_owner', 'clerk_a', 'lawyer'] as const)('%s cannot change the sealed answers or their key (no grant)', async (who) => {
    await expect(as(who, (tx) => tx`update public.appointments set answers_key = answers_key where item_id = ${booking}`)).rejects.toMatchObject({ code: '42501' })
    await expect(as(who, (tx) => tx`update public.appointments set answers_ciphertext = null, answers_key = null where item_id = ${booking}`)).rejects.toMatchObject({ code: '42501' })
  })

  it('the staff member reads the sealed columns, someone outside the booking reads no row', async () => {
    expect(await as<unknown[]>('clerk_a', (tx) => tx`select answers_ciphertext from public.appointments where item_id = ${booking}`)).toHaveLength(1)
    expect(await as<unknown[]>('client_b_owner', (tx) => tx`select answers_ciphertext from public.appointments where item_id = ${booking}`)).toHaveLength(0)
  })
})

describe('the size of the answers as PostgreSQL measures it', () => {
  it.each([
    {},
    { topic: 'x' },
    { topic: 'Vertrag "prüfen"', details: 'Zeile 1\nZeile 2\tTab \\ Backslash' },
    { a: '🏠 Haus, Grundstück', b: 'Steuer\u0001zeichen \u001f und \u007f', c_d: 'é'.normalize('NFD') },
  ])('jsonbTextLength(%j) = length(answers::jsonb::text)', async (answers) => {
    const [row] = await ctx.owner`select length(${ctx.owner.json(answers as never)}::jsonb::text) as n`
    expect(jsonbTextLength(answers as Record<string, string>)).toBe(row!.n)
  })
})
