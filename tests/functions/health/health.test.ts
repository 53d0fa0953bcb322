import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb } from '../../../functions/_shared/db.ts'
import { app, probeApp } from '../../../functions/health/app.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { call } from '../../helpers/http.ts'

const TOKEN = 'health-metrics-token-0123456789'
const withToken = { headers: { authorization: `Bearer ${TOKEN}` } }
let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext({ METRICS_TOKEN: TOKEN })
})
afterAll(() => ctx.close())

describe('GET /functions/v1/health', () => {
  it('tells anyone only the status: no migration names, counts or uptime without the metrics token', async () => {
    for (const [target, path] of [[app, '/functions/v1/health'], [probeApp, '/health']] as const) {
      const res = await call(target, 'GET', path)
      expect(res.status, path).toBe(200)
      expect(res.json, path).toEqual({ status: 'ok' })
      expect(res.headers.get('cache-control')).toBe('no-store')
    }
  })

  it('reports a reachable database with every migration applied to the metrics token', async () => {
    const res = await call(app, 'GET', '/functions/v1/health', withToken)
    expect(res.status).toBe(200)
    expect(res.json.status).toBe('ok')
    expect(res.json.database.reachable).toBe(true)
    expect(res.json.database.migrations.pending).toEqual([])
    expect(res.json.database.migrations.applied).toBeGreaterThan(0)
    expect(typeof res.json.uptimeSeconds).toBe('number')
  })

  it('refuses a wrong token, and any token when none is configured (401, no details)', async () => {
    const wrong = await call(probeApp, 'GET', '/health', { headers: { authorization: `Bearer ${TOKEN}x` } })
    expect(wrong.status).toBe(401)
    expect(wrong.json.code).toBe('unauthenticated')
    expect(wrong.text).not.toContain('migrations')
    const saved = ctx.runtime.config.METRICS_TOKEN
    ctx.runtime.config.METRICS_TOKEN = undefined
    try {
      const res = await call(app, 'GET', '/functions/v1/health', withToken)
      expect(res.status).toBe(401)
      expect(res.text).not.toContain('migrations')
    } finally {
      ctx.runtime.config.METRICS_TOKEN = saved
    }
  })

  it('reports a pending migration: 503 with a generic reason to anyone, its name only with the token', async () => {
    const [{ name }] = await ctx.owner`delete from portal_meta.migrations where name = (select max(name) from portal_meta.migrations) returning name`
    const anonymous = await call(probeApp, 'GET', '/health')
    expect(anonymous.status).toBe(503)
    expect(anonymous.json).toEqual({ status: 'degraded', reason: 'unavailable' })
    expect(anonymous.text).not.toContain(String(name))
    const res = await call(app, 'GET', '/functions/v1/health', withToken)
    expect(res.status).toBe(503)
    expect(res.json.database.migrations.pending).toEqual([name])
  })

  it('says so, and answers 503, when the database goes down', async () => {
    const unreachable = createDb('postgres://authenticator:x@127.0.0.1:9/none', { max: 1 })
    const saved = ctx.runtime.db
    ctx.runtime.db = unreachable
    try {
      const anonymous = await call(app, 'GET', '/functions/v1/health')
      expect(anonymous.status).toBe(503)
      expect(anonymous.json).toEqual({ status: 'degraded', reason: 'unavailable' })
      const res = await call(app, 'GET', '/functions/v1/health', withToken)
      expect(res.status).toBe(503)
      expect(res.json).toMatchObject({ status: 'degraded', database: { reachable: false } })
    } finally {
      ctx.runtime.db = saved
      await unreachable.end(0)
    }
  })
})
