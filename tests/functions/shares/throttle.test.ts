import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../../functions/shares/app.ts'
import { buildAccessFixture, type AccessFixture } from '../../helpers/access-fixture.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { call } from '../../helpers/http.ts'

/**
 * The budget of unknown tokens per address and hour: the 10,000, which is also the
 * portal's default (SHARE_GUESSES_PER_IP_HOUR). 10,000 sequential requests took 19.5 s (27.9 s for
 * the whole file) on the 2-core machine, so the suite runs the full count; with six other suites
 * competing for the two cores it took 133 s, hence the generous timeout.
 * SHARE_GUESS_TEST_COUNT=<n> runs fewer for a quick local check.
 */
const GUESSES = Number(process.env.SHARE_GUESS_TEST_COUNT ?? 10_000)

let ctx: TestContext
let f: AccessFixture
beforeAll(async () => {
  ctx = await createTestContext({ SHARE_GUESSES_PER_IP_HOUR: String(GUESSES) })
  f = await buildAccessFixture(ctx)
  await ctx.owner`insert into public.firm_settings (id, firm_name) values (1, 'Kanzlei Muster') on conflict (id) do nothing`
})
afterAll(() => ctx.close())

const PASSWORD = 'Wolkenkratzer-Fahrradkette 2031!'
const open = (token: string, options: { password?: string; ip?: string; headers?: Record<string, string> } = {}) =>
  call(app, 'POST', '/functions/v1/shares/guest/open', { body: { token, password: options.password }, ip: options.ip, headers: options.headers })

describe('guessing share tokens', () => {
  it(`answers ${GUESSES} random tokens with identical 404s, then 429 from the same address`, async () => {
    const bodies = new Set<string>()
    const statuses = new Set<number>()
    for (let i = 0; i < GUESSES; i++) {
      const res = await open(randomBytes(32).toString('base64url'), { ip: '198.51.100.7', headers: { 'x-forwarded-for': `10.0.${i % 250}.${i % 200}` } })
      statuses.add(res.status)
      bodies.add(res.text)
    }
    expect([...statuses]).toEqual([404])
    expect(bodies.size).toBe(1)
    expect(JSON.parse([...bodies][0]!)).toEqual({ code: 'not_found', message: 'Not found.', status: 404 })
    const blocked = await open(randomBytes(32).toString('base64url'), { ip: '198.51.100.7' })
    expect(blocked.status).toBe(429)
    expect(blocked.json.code).toBe('rate_limited')
    // Another address is not affected.
    expect((await open(randomBytes(32).toString('base64url'), { ip: '198.51.100.8' })).status).toBe(404)
  }, 300_000)
})

describe('guessing a link password', () => {
  it('is throttled per link even when X-Forwarded-For rotates (no trusted proxy)', async () => {
    const res = await call(app, 'POST', '/functions/v1/shares', {
      cookie: f.cookies.client_a_owner,
      body: { clientId: f.clients.a, documentIds: [f.items.a_client_doc], expiresInDays: 7, password: PASSWORD },
    })
    // An item that is not a document cannot be shared as one.
    expect(res.status).toBe(404)
    const [doc] = await ctx.owner`insert into public.items (kind, client_id, audience, title, created_by) values ('document', ${f.clients.a}, 'client', 'Vertrag', ${f.people.clerk_a.id}) returning id`
    await ctx.owner`insert into public.documents (item_id, client_id) values (${doc!.id}, ${f.clients.a})`
    const created = await call(app, 'POST', '/functions/v1/shares', {
      cookie: f.cookies.client_a_owner,
      body: { clientId: f.clients.a, documentIds: [doc!.id], expiresInDays: 7, password: PASSWORD },
    })
    const token = (created.json.url as string).split('#')[1]!
    const statuses: number[] = []
    for (let i = 0; i < 8; i++) {
      const r = await open(token, { password: `falsches-passwort-${i}`, ip: `203.0.113.${i + 1}`, headers: { 'x-forwarded-for': `192.0.2.${i}` } })
      statuses.push(r.status)
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429])
    // Even the right password waits now: the guesser cannot tell.
    expect((await open(token, { password: PASSWORD, ip: '203.0.113.99' })).status).toBe(429)
    const denied = await ctx.owner`select count(*)::int as n from public.audit_log where action = 'share.password_failed' and object_id = ${created.json.id}`
    expect(denied[0]!.n).toBe(5)
  })

  it('believes X-Forwarded-For only from a trusted proxy', async () => {
    const { clientIp } = await import('../../../functions/_shared/client-ip.ts')
    const fake = { env: { remoteAddr: { hostname: '203.0.113.5' } }, req: { header: () => '1.2.3.4' } }
    expect(clientIp(fake as never, [])).toBe('203.0.113.5')
    expect(clientIp(fake as never, ['10.0.0.0/8'])).toBe('203.0.113.5')
  })
})
