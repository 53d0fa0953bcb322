import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../../functions/documents/app.ts'
import { queueDueReminders, startDocumentScheduler } from '../../../functions/documents/service/reminders.ts'
import { renderMail } from '../../../functions/_shared/mail/templates.ts'
import { buildAccessFixture, type AccessFixture, type Person } from '../../helpers/access-fixture.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { eventually } from '../../helpers/eventually.ts'
import { ORIGIN } from '../../helpers/http.ts'

let ctx: TestContext
let f: AccessFixture
const T0 = new Date()
const DAY = 86_400_000
beforeAll(async () => {
  ctx = await createTestContext()
  await ctx.owner`insert into public.firm_settings (id, firm_name) values (1, 'Kanzlei Berger')`
  f = await buildAccessFixture(ctx)
})
afterAll(() => ctx.close())

/** API calls happen at the real time (sessions expire by the injected clock); only the job runs later. */
async function call(as: Person, method: string, p: string, body?: unknown, raw?: BodyInit) {
  ctx.setNow(new Date())
  const res = await app.request(`${ORIGIN}/functions/v1/documents${p}`, {
    method,
    headers: { origin: ORIGIN, cookie: f.cookies[as], 'content-type': raw ? 'application/octet-stream' : 'application/json' },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  })
  return { status: res.status, json: await res.json() }
}
async function ask(title: string, due: Date, extra: Record<string, unknown> = {}) {
  const res = await call('clerk_a', 'POST', '/requests', { clientId: f.clients.a, title, dueAt: due.toISOString(), ...extra })
  expect(res.status).toBe(201)
  return res.json.id as string
}
/** Runs the reminder job at a moment of the injected clock. */
const runAt = (at: Date) => {
  ctx.setNow(at)
  return queueDueReminders(ctx.runtime)
}
const mailsFor = (requestId: string) =>
  ctx.owner<{ template: string; to_address: string; locale: string; params: Record<string, string> }[]>`
    select template, to_address, locale, params from private.outbox
    where template in ('request-due-soon', 'request-overdue') and params->>'link' like ${`%/anforderungen/${requestId}`} order by created_at, to_address`
const stagesFor = async (requestId: string) =>
  (await ctx.owner`select stage, count(*)::int as people from private.request_reminders where request_id = ${requestId} group by stage order by stage`).map((r) => [r.stage, r.people])
const at = (base: Date, days: number, hours = 0) => new Date(base.getTime() + days * DAY + hours * 3_600_000)
// The people of client A who may upload: owner, manager, member (the viewer and the read-only delegate may not).
const UPLOADERS = ['client_a_manager@example.test', 'client_a_member@example.test', 'client_a_owner@example.test']

describe('reminders about document requests', () => {
  it('reminds 3 days before the due date, a day after it, then weekly, at most three times — once each, whatever the restarts', async () => {
    const due = at(T0, 10)
    const id = await ask('Kontoauszüge Privatinsolvenz', due)
    expect(await runAt(at(T0, 6))).toBe(0)
    expect(await runAt(at(due, -3, 1))).toBe(3)
    expect(await runAt(at(due, -3, 2))).toBe(0)
    const soon = await mailsFor(id)
    expect(soon.map((m) => m.to_address).sort()).toEqual(UPLOADERS)
    expect(soon[0]).toMatchObject({ template: 'request-due-soon', params: { firmName: 'Kanzlei Berger', due: due.toISOString().replace(/\.\d{3}Z$/, 'Z') } })

    expect(await runAt(at(due, 0, 12))).toBe(0)
    expect(await runAt(at(due, 1, 1))).toBe(3)
    expect(await runAt(at(due, 5))).toBe(0)
    expect(await runAt(at(due, 8, 1))).toBe(3)
    expect(await runAt(at(due, 15, 1))).toBe(3)
    expect(await runAt(at(due, 22, 1))).toBe(0)
    expect(await runAt(at(due, 100))).toBe(0)
    expect(await stagesFor(id)).toEqual([[0, 3], [1, 3], [2, 3], [3, 3]])
    expect((await mailsFor(id)).filter((m) => m.template === 'request-overdue')).toHaveLength(9)
  })

  it('mails carry no request title or hint, only the firm, the due date and a link, in German and English', async () => {
    const [mail] = await ctx.owner`select template, params from private.outbox where template = 'request-overdue' limit 1`
    for (const locale of ['de', 'en'] as const) {
      const { subject, text } = renderMail(mail!.template, locale, mail!.params)
      expect(`${subject}\n${text}`).not.toMatch(/Kontoauszüge|Privatinsolvenz/)
      expect(text).toContain(mail!.params.link)
    }
    const de = renderMail('request-due-soon', 'de', { name: 'Frau Adler', firmName: 'Kanzlei Berger', link: 'https://portal.example/anforderungen/x', due: '2027-03-12T10:00:00Z' })
    expect(de.subject).toBe('Erinnerung: Kanzlei Berger wartet auf Unterlagen')
    expect(de.text).toContain('bis 12. März 2027 fällig')
    expect(renderMail('request-overdue', 'en', { name: 'Ms Adler', firmName: 'Kanzlei Berger', link: 'x', due: '2027-03-12T10:00:00Z' }).text).toContain('due by 12 March 2027')
  })

  it('stops once documents are submitted, resumes when they are returned, skips a request made within the window and people who may not upload', async () => {
    const due = at(T0, 2)
    const id = await ask('Ausweis', due, { audience: 'people', recipients: [f.people.client_a_member.id, f.people.client_a_viewer.id] })
    expect(await runAt(at(due, -1))).toBe(0)
    const up = await call('client_a_member', 'POST', `?${new URLSearchParams({ clientId: f.clients.a, filename: 'Ausweis.pdf', requestId: id })}`, undefined,
      Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(300)]))
    expect(up.status).toBe(201)
    expect(await runAt(at(due, 1, 1))).toBe(0)
    expect(await mailsFor(id)).toEqual([])
    expect((await call('clerk_a', 'POST', `/requests/${id}/return`, { reason: 'Rückseite fehlt' })).status).toBe(200)
    expect(await runAt(at(due, 1, 3))).toBe(1)
    expect((await mailsFor(id)).map((m) => [m.template, m.to_address])).toEqual([['request-overdue', 'client_a_member@example.test']])
  })

  it('two instances running at the same moment send each reminder once', async () => {
    const due = at(T0, 20)
    const id = await ask('Gesellschafterliste', due)
    ctx.setNow(at(due, -2))
    const recorded = async () => (await ctx.owner`select count(*)::int as n from private.request_reminders`)[0]!.n as number
    const before = await recorded()
    const counts = await Promise.all([queueDueReminders(ctx.runtime), queueDueReminders(ctx.runtime), queueDueReminders(ctx.runtime)])
    expect(counts.reduce((a, b) => a + b, 0)).toBe((await recorded()) - before)
    expect(await mailsFor(id)).toHaveLength(3)
  })

  it('the scheduler inside the server runs the job at start and on its interval, and stops cleanly', async () => {
    const due = at(T0, 30)
    const id = await ask('Handelsregisterauszug', due)
    ctx.setNow(at(due, -1))
    const scheduler = startDocumentScheduler(ctx.runtime, 50)
    expect(await eventually(async () => (await mailsFor(id)).length === 3)).toBe(true)
    ctx.setNow(at(due, 1, 1))
    expect(await eventually(async () => (await mailsFor(id)).length === 6)).toBe(true)
    await scheduler.stop()
    ctx.setNow(at(due, 8, 1))
    await new Promise((r) => setTimeout(r, 200))
    expect(await mailsFor(id)).toHaveLength(6)
  })
})
