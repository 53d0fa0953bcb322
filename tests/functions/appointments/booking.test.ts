import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../../functions/appointments/app.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { buildAppointmentFixture, type AppointmentFixture } from '../../helpers/appointment-fixture.ts'
import { PEOPLE, type Person } from '../../helpers/access-fixture.ts'
import { call } from '../../helpers/http.ts'
import { signInAs } from '../../helpers/personas.ts'

let ctx: TestContext
let f: AppointmentFixture
beforeAll(async () => {
  ctx = await createTestContext()
  f = await buildAppointmentFixture(ctx)
  // Wednesday 24 March 2027, 11:00 Berlin: the Sunday of the spring change lies ahead.
  await at('2027-03-24T10:00:00Z')
})
afterAll(() => ctx.close())

/** Moves the injected clock and signs everyone in again (sessions expire by that clock). */
async function at(iso: string) {
  ctx.setNow(new Date(iso))
  for (const name of PEOPLE) f.cookies[name] = await signInAs(ctx, f.people[name])
}

const as = (who: Person, method: string, path: string, body?: unknown) => call(app, method, `/functions/v1/appointments${path}`, { cookie: f.cookies[who], body })
const slots = async (who: Person, type: string, from: string, to = from) => {
  const res = await as(who, 'GET', `/types/${type}/slots?from=${from}&to=${to}`)
  expect(res.status).toBe(200)
  return (res.json.slots as { startsAt: string }[]).map((s) => s.startsAt)
}
const book = (who: Person, type: string, startsAt: string, extra: Record<string, unknown> = {}) =>
  as(who, 'POST', '', { typeId: type, startsAt, answers: type === f.types.all ? { topic: 'Kündigung' } : {}, ...extra })

describe('free slots on the server', () => {
  it('across the last Sunday of March (Easter 2027): 09:00 Berlin is 08:00 UTC before and 07:00 UTC after', async () => {
    const s = await slots('client_a_owner', f.types.all, '2027-03-25', '2027-03-30')
    const day = (d: string) => s.filter((x) => x.startsWith(d))
    expect([day('2027-03-25')[0], day('2027-03-25').at(-1)]).toEqual(['2027-03-25T08:00:00.000Z', '2027-03-25T15:00:00.000Z'])
    expect([day('2027-03-30')[0], day('2027-03-30').at(-1)]).toEqual(['2027-03-30T07:00:00.000Z', '2027-03-30T14:00:00.000Z'])
    // Good Friday and Easter Monday are holidays in Bavaria; no hours on the weekend
    expect(s.filter((x) => x >= '2027-03-26' && x < '2027-03-30')).toEqual([])
  })

  it('across the last Sunday of October, and not on a Bavarian holiday (1 November)', async () => {
    const s = await slots('client_a_owner', f.types.all, '2027-10-29', '2027-11-02')
    expect(s.filter((x) => x.startsWith('2027-10-29'))[0]).toBe('2027-10-29T07:00:00.000Z')
    expect(s.some((x) => x.startsWith('2027-11-01'))).toBe(false)
    expect(s.filter((x) => x.startsWith('2027-11-02'))[0]).toBe('2027-11-02T08:00:00.000Z')
  })

  it('keeps the buffers of a booking free and refuses a start inside them', async () => {
    expect((await book('client_a_owner', f.types.all, '2027-04-05T08:00:00Z')).status).toBe(201) // 10:00–11:00 Berlin + 15 min
    const s = await slots('client_a_manager', f.types.all, '2027-04-05')
    expect(s).not.toContain('2027-04-05T08:30:00.000Z')
    expect(s).not.toContain('2027-04-05T09:00:00.000Z') // 11:00 lies in the buffer after
    expect(s).toContain('2027-04-05T09:30:00.000Z')
    // 09:00–10:00 would end when the booking starts, but its own 15 minutes after run into it
    expect(s).not.toContain('2027-04-05T07:00:00.000Z')
    expect((await book('client_a_manager', f.types.all, '2027-04-05T09:00:00Z')).json.code).toBe('slot_taken')
  })

  it('refuses what the client sends outside the rules, whatever it is', async () => {
    const refused = async (startsAt: string, code: string, status: number) => {
      const res = await book('client_a_owner', f.types.all, startsAt)
      expect(res.json).toMatchObject({ code, status })
    }
    await refused('2027-03-23T09:00:00Z', 'slot_in_past', 422)
    await refused('2027-04-06T17:00:00Z', 'slot_unavailable', 422) // 19:00 Berlin, outside the hours
    await refused('2027-04-06T07:10:00Z', 'slot_unavailable', 422) // off the grid
    await refused('2027-04-10T08:00:00Z', 'slot_unavailable', 422) // a Saturday
    await refused('2027-05-27T08:00:00Z', 'slot_unavailable', 422) // Fronleichnam in Bavaria
    await refused('2028-04-06T08:00:00Z', 'beyond_horizon', 422)
    await ctx.owner`update public.appointment_types set notice_hours = 48 where id = ${f.types.all}`
    await refused('2027-03-25T08:00:00Z', 'notice_too_short', 422)
    await ctx.owner`update public.appointment_types set notice_hours = 0 where id = ${f.types.all}`
    // the intake questions: required answered, unknown ones refused
    expect((await book('client_a_owner', f.types.all, '2027-04-06T08:00:00Z', { answers: {} })).json.code).toBe('answer_required')
    expect((await book('client_a_owner', f.types.all, '2027-04-06T08:00:00Z', { answers: { topic: 'x', other: 'y' } })).json.code).toBe('unknown_question')
    expect((await book('client_a_owner', f.types.all, '2027-04-06T08:00:00Z', { endsAt: '2027-04-06T12:00:00Z' })).json.code).toBe('validation_failed')
    const [n] = await ctx.owner`select count(*)::int as n from public.appointments where starts_at::date = '2027-04-06'`
    expect(n!.n).toBe(0)
  })

  it('stops at the daily cap of a type', async () => {
    await ctx.owner`update public.appointment_types set daily_cap = 2 where id = ${f.types.confirm}`
    expect((await book('client_a_owner', f.types.confirm, '2027-04-07T07:00:00Z')).status).toBe(201)
    expect((await slots('client_a_owner', f.types.confirm, '2027-04-07')).length).toBeGreaterThan(0)
    expect((await book('client_b_owner', f.types.confirm, '2027-04-07T09:00:00Z')).status).toBe(201)
    expect(await slots('client_a_owner', f.types.confirm, '2027-04-07')).toEqual([])
    expect((await book('client_a_manager', f.types.confirm, '2027-04-07T12:00:00Z')).json).toMatchObject({ code: 'daily_cap_reached', status: 409 })
    expect((await slots('client_a_owner', f.types.confirm, '2027-04-08')).length).toBeGreaterThan(0)
  })

  it('20 parallel bookings of one slot: exactly one succeeds, the others get slot_taken', async () => {
    const people: Person[] = ['client_a_owner', 'client_a_manager', 'client_a_member', 'client_b_owner']
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => book(people[i % people.length]!, f.types.all, '2027-04-08T08:00:00Z')))
    expect(results.filter((r) => r.status === 201)).toHaveLength(1)
    const refused = results.filter((r) => r.status !== 201)
    expect(refused.map((r) => r.json.code)).toEqual(Array(19).fill('slot_taken'))
    expect(refused.every((r) => r.status === 409)).toBe(true)
    const [n] = await ctx.owner`select count(*)::int as n from public.appointments where starts_at = '2027-04-08T08:00:00Z'`
    expect(n!.n).toBe(1)
    // and no item without its appointment was left behind
    const [orphans] = await ctx.owner`select count(*)::int as n from public.items i where kind = 'appointment' and not exists (select 1 from public.appointments a where a.item_id = i.id)`
    expect(orphans!.n).toBe(0)
  })
})

describe('cancel and reschedule by the client, until the cut-off', () => {
  it('cancels 48 hours before; after the cut-off (24 h) the answer is cutoff_passed', async () => {
    const early = await book('client_a_owner', f.types.all, '2027-04-12T08:00:00Z')
    const late = await book('client_a_owner', f.types.all, '2027-04-12T12:00:00Z')
    await at('2027-04-10T08:00:00Z')
    try {
      const ok = await as('client_a_owner', 'POST', `/${early.json.id}/cancel`, {})
      expect(ok.json).toMatchObject({ status: 'cancelled', sequence: 1 })
      await at('2027-04-12T02:00:00Z') // 10 hours before the late one
      expect((await as('client_a_owner', 'POST', `/${late.json.id}/cancel`, {})).json).toMatchObject({ code: 'cutoff_passed', status: 409 })
      expect((await as('client_a_owner', 'POST', `/${late.json.id}/reschedule`, { startsAt: '2027-04-13T08:00:00Z' })).json.code).toBe('cutoff_passed')
      // the firm still may
      expect((await as('clerk_a', 'POST', `/${late.json.id}/cancel`, {})).json.status).toBe('cancelled')
      // cancelling twice: closed
      expect((await as('client_a_owner', 'POST', `/${early.json.id}/cancel`, {})).json.code).toBe('appointment_closed')
    } finally {
      await at('2027-03-24T10:00:00Z')
    }
  })

  it('moves a booking to a free slot, frees the old one, and refuses a taken one', async () => {
    const a = await book('client_a_member', f.types.all, '2027-04-14T08:00:00Z')
    const b = await book('client_a_owner', f.types.all, '2027-04-14T11:00:00Z')
    expect((await as('client_a_member', 'POST', `/${a.json.id}/reschedule`, { startsAt: '2027-04-14T11:00:00Z' })).json.code).toBe('slot_taken')
    const moved = await as('client_a_member', 'POST', `/${a.json.id}/reschedule`, { startsAt: '2027-04-14T13:00:00Z' })
    expect(moved.json).toMatchObject({ startsAt: '2027-04-14T13:00:00.000Z', endsAt: '2027-04-14T14:00:00.000Z', sequence: 1, status: 'confirmed' })
    expect(await slots('client_a_owner', f.types.all, '2027-04-14')).toContain('2027-04-14T08:00:00.000Z')
    // someone else's booking is not there
    expect((await as('client_a_owner', 'POST', `/${a.json.id}/reschedule`, { startsAt: '2027-04-14T07:00:00Z' })).status).toBe(404)
    expect(b.status).toBe(201)
  })
})
