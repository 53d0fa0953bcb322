import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb } from '../../../functions/_shared/db.ts'
import { app } from '../../../functions/health/app.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { call } from '../../helpers/http.ts'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

describe('GET /functions/v1/health', () => {
  it('reports a reachable database with every migration applied', async () => {
    const res = await call(app, 'GET', '/functions/v1/health')
    expect(res.status).toBe(200)
    expect(res.json.status).toBe('ok')
    expect(res.json.database.reachable).toBe(true)
    expect(res.json.database.migrations.pending).toEqual([])
    expect(res.json.database.migrations.applied).toBeGreaterThan(0)
  })

  it('reports a pending migration when the database lacks one', async () => {
    await ctx.owner`delete from portal_meta.migrations where name = (select max(name) from portal_meta.migrations)`
    const res = await call(app, 'GET', '/functions/v1/health')
    expect(res.status).toBe(503)
    expect(res.json.database.migrations.pending).toHaveLength(1)
  })

  it('says so, and answers 503, when the database goes down', async () => {
    const unreachable = createDb('postgres://authenticator:x@127.0.0.1:9/none', { max: 1 })
    const saved = ctx.runtime.db
    ctx.runtime.db = unreachable
    try {
      const res = await call(app, 'GET', '/functions/v1/health')
      expect(res.status).toBe(503)
      expect(res.json).toMatchObject({ status: 'degraded', database: { reachable: false } })
    } finally {
      ctx.runtime.db = saved
      await unreachable.end(0)
    }
  })
})
