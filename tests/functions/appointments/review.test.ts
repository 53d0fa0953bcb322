// Regression tests for the security review of 27 Nov 2026 (appointments), through the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../../functions/appointments/app.ts'
import { app as calls } from '../../../functions/calls/app.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { buildAppointmentFixture, type AppointmentFixture } from '../../helpers/appointment-fixture.ts'
import { PEOPLE, type Person } from '../../helpers/access-fixture.ts'
import { call } from '../../helpers/http.ts'
import { signInAs } from '../../helpers/personas.ts'

const JITSI = { JITSI_URL: 'https://meet.kanzlei.example', JITSI_APP_ID: 'kanzleiportal', JITSI_APP_SECRET: 'ein-langes-geheimnis-nur-fuer-prosody-0123456789' }
let ctx: TestContext
let f: AppointmentFixture
beforeAll(async () => {
  ctx = await createTestContext(JITSI)
  f = await buildAppointmentFixture(ctx)
  ctx.setNow(new Date('2027-05-03T08:00:00Z')) // Monday 10:00 Berlin
  for (const name of PEOPLE) f.cookies[name] = await signInAs(ctx, f.people[name])
})
afterAll(() => ctx.close())

const as = (who: Person, method: string, path: string, body?: unknown) => call(app, method, `/functions/v1/appointments${path}`, { cookie: f.cookies[who], body })
const slots = async (who: Person, type: string, from: string, to = from) => {
  const res = await as(who, 'GET', `/types/${type}/slots?from=${from}&to=${to}`)
  expect(res.status).toBe(200)
  return (res.json.slots as { startsAt: string }[]).map((s) => s.startsAt)
}

describe('client B books the chosen type of clerk_a (who is not assigned to client B)', () => {
  let id: string
  beforeAll(async () => {
    const [slot] = await slots('client_b_owner', f.types.chosen, '2027-05-04')
    const res = await as('client_b_owner', 'POST', '', { typeId: f.types.chosen, startsAt: slot, answers: {} })
    expect(res.status).toBe(201)
    id = res.json.id
  })

  it('the client learns the staff member\'s name only, never the address', async () => {
    const booking = await as('client_b_owner', 'GET', `/${id}`)
    expect(booking.json.staff).toEqual({ id: f.people.clerk_a.id, name: 'clerk_a', email: null })
    const types = await as('client_b_owner', 'GET', '/types')
    expect(types.status).toBe(200)
    const chosen = (types.json as { id: string; staffName: string }[]).find((t) => t.id === f.types.chosen)
    expect(chosen?.staffName).toBe('clerk_a')
    // the firm's staff still see the address
    expect((await as('clerk_a', 'GET', `/${id}`)).json.staff).toMatchObject({ name: 'clerk_a', email: f.people.clerk_a.email })
  })

  it('the staff member reads the booking, starts and joins its video call', async () => {
    expect((await as('clerk_a', 'GET', `/${id}`)).status).toBe(200)
    const started = await call(calls, 'POST', '/functions/v1/calls', { cookie: f.cookies.clerk_a, body: { itemId: id, media: 'video' } })
    expect(started.status).toBe(201)
    const joined = await call(calls, 'GET', `/functions/v1/calls/${started.json.id}/join`, { cookie: f.cookies.clerk_a })
    expect(joined.status).toBe(200)
    expect(joined.json.moderator).toBe(true)
    const clientJoins = await call(calls, 'GET', `/functions/v1/calls/${started.json.id}/join`, { cookie: f.cookies.client_b_owner })
    expect(clientJoins.status).toBe(200)
    // a client of another client: nothing
    expect((await call(calls, 'GET', `/functions/v1/calls/${started.json.id}/join`, { cookie: f.cookies.client_a_owner })).status).toBe(404)
  })

  it('the feed is neutral by default and names clients only when the staff member chose so', async () => {
    const feedText = async (body: unknown) => {
      const created = await as('clerk_a', 'POST', '/feed', body)
      expect(created.status).toBe(201)
      const feed = await call(app, 'GET', new URL(created.json.url).pathname + new URL(created.json.url).search)
      expect(feed.status).toBe(200)
      return feed.text.replace(/\r?\n[ \t]/g, '')
    }
    const [client] = await ctx.owner`select number from public.clients where id = ${f.clients.b}`
    const neutral = await feedText({})
    expect(neutral).toContain(`SUMMARY:Jahresgespräch: Termin mit Mandant ${client!.number as string}`)
    expect(neutral).not.toContain('Beta AG')
    expect(neutral).not.toContain('client_b_owner')
    expect((await as('clerk_a', 'GET', '/feed')).json).toMatchObject({ active: true, withNames: false })
    const named = await feedText({ withNames: true })
    expect(named).toContain('SUMMARY:Jahresgespräch: client_b_owner (Beta AG)')
    expect((await as('clerk_a', 'GET', '/feed')).json).toMatchObject({ active: true, withNames: true })
    expect((await as('clerk_a', 'POST', '/feed', { withNames: 'ja' })).status).toBe(400)
  })
})

describe('rate limit of booking changes', () => {
  it('the eleventh booking change of a person within an hour answers 429 appointment_rate_limited and changes nothing', async () => {
    const free = await slots('client_a_manager', f.types.confirm, '2027-05-10')
    expect(free.length).toBeGreaterThanOrEqual(11)
    const booked: string[] = []
    for (const startsAt of free.slice(0, 5)) {
      const res = await as('client_a_manager', 'POST', '', { typeId: f.types.confirm, startsAt, answers: {} })
      expect(res.status).toBe(201)
      booked.push(res.json.id)
    }
    for (const id of booked) expect((await as('client_a_manager', 'POST', `/${id}/cancel`, {})).status).toBe(200) // changes 6–10
    const count = async () => Number((await ctx.owner`select count(*)::int as n from public.appointments where booked_by = ${f.people.client_a_manager.id}`)[0]!.n)
    const before = await count()
    const refused = await as('client_a_manager', 'POST', '', { typeId: f.types.confirm, startsAt: free[6], answers: {} })
    expect(refused.status).toBe(429)
    expect(refused.json.code).toBe('appointment_rate_limited')
    expect(await count()).toBe(before)
    // another person is not affected; the firm is not limited
    expect((await as('client_a_owner', 'POST', '', { typeId: f.types.confirm, startsAt: free[7], answers: {} })).status).toBe(201)
    // an hour later the person books again
    ctx.setNow(new Date('2027-05-03T09:05:00Z'))
    for (const name of ['client_a_manager'] as const) f.cookies[name] = await signInAs(ctx, f.people[name])
    await ctx.owner`update private.sign_in_throttle set window_started_at = now() - interval '61 minutes' where key = ${`appointment-change:${f.people.client_a_manager.id}`}`
    expect((await as('client_a_manager', 'POST', '', { typeId: f.types.confirm, startsAt: free[8], answers: {} })).status).toBe(201)
  })
})
