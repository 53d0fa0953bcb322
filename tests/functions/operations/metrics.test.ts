import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGateway } from '../../../functions/_server/gateway.ts'
import { beginShutdown, resetShutdownForTests } from '../../../functions/_shared/lifecycle.ts'
import { resetMetricsForTests } from '../../../functions/_shared/metrics.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { call } from '../../helpers/http.ts'
import { createPersona, signInAs } from '../../helpers/personas.ts'

const TOKEN = 'metrics-token-0123456789abcdef'
const noWebSocket = (() => () => new Response(null, { status: 426 })) as never
let ctx: TestContext
let gateway: Hono

/** Parses the Prometheus text format strictly enough that a malformed line fails the test. */
function parse(text: string) {
  const samples = new Map<string, number>()
  const types = new Map<string, string>()
  expect(text.endsWith('\n')).toBe(true)
  for (const line of text.trimEnd().split('\n')) {
    if (line.startsWith('# HELP ')) continue
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line)
    if (type) {
      types.set(type[1]!, type[2]!)
      continue
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (-?[0-9.e+-]+|\+Inf|-Inf|NaN)$/.exec(line)
    if (!sample) throw new Error(`not a Prometheus sample line: ${line}`)
    const family = sample[1]!.replace(/_(bucket|sum|count)$/, '')
    expect(types.has(sample[1]!) || types.has(family), `TYPE before ${sample[1]}`).toBe(true)
    const value = sample[3] === '+Inf' ? Infinity : sample[3] === 'NaN' ? NaN : Number(sample[3])
    samples.set(`${sample[1]}${sample[2] ?? ''}`, value)
  }
  return { samples, types }
}

beforeAll(async () => {
  ctx = await createTestContext({ METRICS_TOKEN: TOKEN })
  gateway = new Hono().route('/', createGateway(noWebSocket))
  resetMetricsForTests()
})
afterAll(() => ctx.close())

const scrape = (token?: string) => call(gateway, 'GET', '/metrics', token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } })

describe('GET /metrics', () => {
  it('answers 401 without a token and with a wrong one, and says how to authenticate', async () => {
    const missing = await scrape()
    expect(missing.status).toBe(401)
    expect(missing.json.code).toBe('unauthenticated')
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/)
    expect((await scrape('metrics-token-0123456789abcdeX')).status).toBe(401)
    expect((await scrape(TOKEN.slice(0, -1))).status).toBe(401)
    expect((await call(gateway, 'GET', '/metrics', { headers: { authorization: `Basic ${TOKEN}` } })).status).toBe(401)
  })

  it('answers the Prometheus text format with the right token, and its counters move', async () => {
    const first = await scrape(TOKEN)
    expect(first.status).toBe(200)
    expect(first.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
    const before = parse(first.text)
    expect(before.types.get('portal_http_requests_total')).toBe('counter')
    expect(before.types.get('portal_http_request_duration_seconds')).toBe('histogram')
    for (const name of ['portal_active_sessions', 'portal_outbox_pending', 'portal_backup_last_success_age_seconds', 'portal_database_up', 'portal_uploads_receiving', 'portal_uploads_waiting'])
      expect(before.types.get(name), name).toBe('gauge')
    expect(before.samples.get('portal_database_up')).toBe(1)
    // No upload is being received by this process now.
    expect(before.samples.get('portal_uploads_receiving')).toBe(0)
    expect(before.samples.get('portal_uploads_waiting')).toBe(0)
    // No backup is known in this database: the age is +Inf, so an alert on it fires.
    expect(before.samples.get('portal_backup_last_success_age_seconds')).toBe(Infinity)

    // Requests to a function, a 404 and a live session and a waiting mail move the numbers.
    const staff = await createPersona(ctx, 'metrics_staff', { kind: 'staff' })
    const cookie = await signInAs(ctx, staff)
    expect((await call(gateway, 'GET', '/functions/v1/clients', { cookie })).status).toBe(200)
    expect((await call(gateway, 'GET', '/functions/v1/clients', { cookie })).status).toBe(200)
    expect((await call(gateway, 'GET', '/functions/v1/clients')).status).toBe(401)
    expect((await call(gateway, 'GET', '/functions/v1/no-such-function-4711')).status).toBe(404)
    await ctx.owner`insert into private.outbox (template, to_address, params) values ('invitation', 'x@example.test', '{}')`

    const after = parse((await scrape(TOKEN)).text).samples
    expect(after.get('portal_http_requests_total{function="clients",status="200"}')).toBe(2)
    expect(after.get('portal_http_requests_total{function="clients",status="401"}')).toBe(1)
    // Unknown function names never become labels.
    expect([...after.keys()].some((k) => k.includes('no-such-function'))).toBe(false)
    expect(after.get('portal_http_requests_total{function="other",status="404"}')).toBe(1)
    expect(after.get('portal_http_requests_total{function="metrics",status="200"}')).toBeGreaterThanOrEqual(1)
    expect(after.get('portal_http_request_duration_seconds_count{function="clients"}')).toBe(3)
    expect(after.get('portal_http_request_duration_seconds_bucket{function="clients",le="+Inf"}')).toBe(3)
    expect(after.get('portal_active_sessions')).toBe((before.samples.get('portal_active_sessions') ?? 0) + 1)
    expect(after.get('portal_outbox_pending')).toBe((before.samples.get('portal_outbox_pending') ?? 0) + 1)
  })

  it('reports the age of the last successful backup from the backup runs', async () => {
    const finished = new Date(ctx.runtime.now().getTime() - 3600_000)
    await ctx.owner`insert into public.backup_runs (kind, trigger, target, started_at, status, finished_at)
                    values ('backup', 'scheduled', 'directory', ${new Date(finished.getTime() - 60_000)}, 'succeeded', ${finished})`
    const samples = parse((await scrape(TOKEN)).text).samples
    expect(samples.get('portal_backup_last_success_timestamp_seconds')).toBe(Math.floor(finished.getTime() / 1000))
    const age = samples.get('portal_backup_last_success_age_seconds')!
    expect(age).toBeGreaterThanOrEqual(3600)
    expect(age).toBeLessThan(3700)
  })

  it('is off (404) when METRICS_TOKEN is not configured', async () => {
    const saved = ctx.runtime.config.METRICS_TOKEN
    ctx.runtime.config.METRICS_TOKEN = undefined
    try {
      const res = await scrape(TOKEN)
      expect(res.status).toBe(404)
      expect(res.text).not.toContain('portal_')
    } finally {
      ctx.runtime.config.METRICS_TOKEN = saved
    }
  })
})

describe('GET /health', () => {
  it('answers 200 at /health and /functions/v1/health while the database is reachable', async () => {
    for (const path of ['/health', '/functions/v1/health']) {
      const res = await call(gateway, 'GET', path)
      expect(res.status, path).toBe(200)
      expect(res.json, path).toEqual({ status: 'ok' })
      const detailed = await call(gateway, 'GET', path, { headers: { authorization: `Bearer ${TOKEN}` } })
      expect(detailed.json).toMatchObject({ status: 'ok', shuttingDown: false, database: { reachable: true } })
    }
  })

  it('answers 503 once the shutdown began, and new requests are refused', async () => {
    beginShutdown()
    try {
      const health = await call(gateway, 'GET', '/health')
      expect(health.status).toBe(503)
      expect(health.json.code).toBe('shutting_down')
      expect(health.headers.get('connection')).toBe('close')
      const other = await call(gateway, 'GET', '/functions/v1/clients')
      expect(other.status).toBe(503)
      // The health function itself (e.g. served alone under Deno) says it too.
      const { app } = await import('../../../functions/health/app.ts')
      const direct = await call(app, 'GET', '/functions/v1/health')
      expect(direct.status).toBe(503)
      expect(direct.json).toEqual({ status: 'degraded', reason: 'shutting_down' })
    } finally {
      resetShutdownForTests()
    }
    expect((await call(gateway, 'GET', '/health')).status).toBe(200)
  })
})
