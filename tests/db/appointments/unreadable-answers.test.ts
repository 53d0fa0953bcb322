// Regression test (security review, 27 Nov 2026, finding 2): a booking with answers that do not
// open (random bytes a client inserted, which the grant allows) must not block the firm: the
// view, lists, export and the master-key rotation go on, the row marked / skipped.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openAnswers, rotateAnswerKeys, sealAnswers } from '../../../functions/_shared/appointment-answers.ts'
import { appointmentsExporter } from '../../../functions/operations/export/appointments.ts'
import { appointmentSelect, toView } from '../../../functions/appointments/service/read-appointment.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { buildAppointmentFixture, type AppointmentFixture } from '../../helpers/appointment-fixture.ts'

let ctx: TestContext
let f: AppointmentFixture
let garbage: string
let good: string
beforeAll(async () => {
  ctx = await createTestContext()
  f = await buildAppointmentFixture(ctx)
  const me = f.people.client_a_owner
  const book = (startsAt: string, sealed: { ciphertext: Buffer; key: Buffer } | null) => ctx.db.asUser(me.claims, async (tx) => {
    const id = crypto.randomUUID()
    await tx`insert into public.items (id, kind, client_id, project_id, audience, title, created_by) values (${id}, 'appointment', ${f.clients.a}, null, 'people', 'Termin', ${me.id})`
    await tx`insert into public.item_recipients (item_id, account_id) values (${id}, ${me.id})`
    const s = sealed ?? sealAnswers(ctx.runtime.secrets.fileMasterKey, id, { topic: 'Erbschaft' })
    await tx`insert into public.appointments (item_id, type_id, client_id, project_id, booked_by, starts_at, answers_ciphertext, answers_key)
             values (${id}, ${f.types.all}, ${f.clients.a}, null, ${me.id}, ${startsAt}, ${s.ciphertext}, ${s.key})`
    return id
  })
  garbage = await book('2027-05-03T09:00:00Z', { ciphertext: randomBytes(60), key: randomBytes(60) })
  good = await book('2027-05-04T09:00:00Z', null)
})
afterAll(() => ctx.close())

describe('answers that do not open', () => {
  it('read as {} with answersUnreadable in the staff view; the other booking reads normally', async () => {
    const rows = await ctx.db.asUser(f.people.lawyer.claims, (tx) => tx`${appointmentSelect(tx)} where a.item_id in (${garbage}, ${good}) order by a.starts_at`)
    const views = rows.map((r) => toView(r, ctx.runtime.secrets.fileMasterKey))
    expect(views.map((v) => [v.id, v.answers, v.answersUnreadable])).toEqual([[garbage, {}, true], [good, { topic: 'Erbschaft' }, undefined]])
  })

  it('are marked in the export, which still completes', async () => {
    const files = await ctx.owner.begin((tx) => appointmentsExporter.collect({ tx, clientId: f.clients.a, masterKey: ctx.runtime.secrets.fileMasterKey } as never))
    const json = (files as { json: Record<string, unknown>[] }[])[0]!.json
    expect(json.find((r) => r.id === garbage)).toMatchObject({ answers: {}, answersUnreadable: true })
    expect(json.find((r) => r.id === good)).toMatchObject({ answers: { topic: 'Erbschaft' } })
  })

  it('are skipped by the key rotation, which rewraps the others', async () => {
    const newKey = randomBytes(32)
    await ctx.owner.begin((tx) => rotateAnswerKeys(tx as never, ctx.runtime.secrets.fileMasterKey, newKey))
    const [row] = await ctx.owner`select answers_ciphertext, answers_key from public.appointments where item_id = ${good}`
    expect(openAnswers(newKey, good, { ciphertext: row!.answers_ciphertext, key: row!.answers_key })).toEqual({ topic: 'Erbschaft' })
  })
})
