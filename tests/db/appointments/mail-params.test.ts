// Regression tests (security review, 27 Nov 2026, finding 1 and 3): a booker calling the mail
// function directly in SQL cannot make the firm's sender mail a foreign link, names, times or
// calendar text; person_may_book answers only for the person themselves or the client's staff.
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

async function bookSql(who: Person, startsAt: string) {
  const id = crypto.randomUUID()
  await as(who, async (tx) => {
    await tx`insert into public.items (id, kind, client_id, project_id, audience, title, created_by)
             values (${id}, 'appointment', ${f.clients.a}, null, 'people', 'Termin', ${f.people[who].id})`
    await tx`insert into public.item_recipients (item_id, account_id) values (${id}, ${f.people[who].id})`
    const sealed = sealAnswers(ctx.runtime.secrets.fileMasterKey, id, {})
    await tx`insert into public.appointments (item_id, type_id, client_id, project_id, booked_by, starts_at, answers_ciphertext, answers_key)
             values (${id}, ${f.types.all}, ${f.clients.a}, null, ${f.people[who].id}, ${startsAt}, ${sealed.ciphertext}, ${sealed.key})`
  })
  return id
}

const outbox = (id: string) => ctx.owner`select template, params from private.outbox where params->>'link' like ${'%' + id} or params::text like '%evil.example%' order by created_at`

describe('enqueue_appointment_mail takes nothing the recipient reads from the caller', () => {
  it('a booker\'s own link, names and times are replaced by the booking\'s own from the database', async () => {
    const id = await bookSql('client_a_owner', '2027-04-06T09:00:00Z')
    const forged = { link: 'https://evil.example/termin', firmName: 'Evil GmbH', typeDe: 'Bitte hier klicken', start: '2030-01-01T00:00:00.000Z', booker: 'Chef', clientName: 'X', by: 'Der Chef', enteredBy: 'Der Chef', reason: 'zahlen Sie hier' }
    await as('client_a_owner', (tx) => tx`select private.enqueue_appointment_mail(${id}, 'appointment-new-booking', 'staff', ${tx.json(forged)})`)
    const rows = await outbox(id)
    expect(rows).toHaveLength(1)
    const p = rows[0]!.params as Record<string, string>
    const origin = (await ctx.owner`select origin from private.public_origin`)[0]!.origin as string
    expect(p.link).toBe(`${origin}/termine/${id}`)
    expect(JSON.stringify(p)).not.toMatch(/evil\.example|Evil GmbH|Bitte hier|2030-01-01|Der Chef|zahlen Sie/)
    expect(p.start).toBe('2027-04-06T09:00:00.000Z')
  })

  it('refuses a forged .ics and a template outside the booking mails', async () => {
    const id = await bookSql('client_a_owner', '2027-04-07T09:00:00Z')
    const ics = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:mandantenportal', 'METHOD:REQUEST', 'BEGIN:VEVENT', `UID:${id}@mandantenportal`,
      'DESCRIPTION:Bitte zahlen: https://evil.example/pay', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n')
    await expect(as('client_a_owner', (tx) => tx`select private.enqueue_appointment_mail(${id}, 'appointment-booked', 'booker', ${tx.json({ ics })})`))
      .rejects.toMatchObject({ code: '22023' })
    await expect(as('client_a_owner', (tx) => tx`select private.enqueue_appointment_mail(${id}, 'appointment-anything', 'booker', '{}'::jsonb)`))
      .rejects.toMatchObject({ code: '42501' })
    expect(await outbox(id)).toHaveLength(0)
  })
})

describe('person_may_book is no membership oracle', () => {
  it('a client of another firm client cannot ask; the person themselves and the client\'s staff can', async () => {
    const q = (who: Person) => as<{ ok: boolean }[]>(who, (tx) => tx`select private.person_may_book(${f.people.client_a_owner.id}, ${f.types.all}, ${f.clients.a}, null) as ok`)
    await expect(q('client_b_owner')).rejects.toMatchObject({ code: '42501' })
    expect((await q('client_a_owner'))[0]!.ok).toBe(true)
  })
})
