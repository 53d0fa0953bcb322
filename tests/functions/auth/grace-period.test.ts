import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../../functions/auth/app.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { call } from '../../helpers/http.ts'
import { createPersona, signInAs } from '../../helpers/personas.ts'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

describe('after the second-factor deadline an aal1 session reaches only enrolment and sign-out', () => {
  it.each([
    { method: 'GET', path: '/functions/v1/auth/sessions', status: 403 },
    { method: 'POST', path: '/functions/v1/auth/sessions/end-others', body: {}, status: 403 },
    { method: 'GET', path: '/functions/v1/auth/session', status: 200 },
    { method: 'GET', path: '/functions/v1/auth/factors', status: 200 },
    { method: 'POST', path: '/functions/v1/auth/factors/totp', body: {}, status: 201 },
  ])('$method $path → $status', async ({ method, path, body, status }) => {
    ctx.setNow(new Date())
    const late = await createPersona(ctx, `late_${Math.random().toString(36).slice(2, 8)}`, { graceHours: 72 })
    const cookie = await signInAs(ctx, late, 'aal1')
    // Inside the grace period everything works …
    ctx.setNow(new Date(Date.now()))
    expect((await call(app, method, path, { body, cookie })).status).toBeLessThan(300)
    // … and three days and a minute later only enrolment and sign-out do.
    ctx.setNow(new Date(Date.now() + 72 * 3600_000 + 60_000))
    await ctx.owner`update public.sessions set idle_expires_at = ${new Date(Date.now() + 80 * 3600_000)}, expires_at = ${new Date(Date.now() + 80 * 3600_000)} where account_id = ${late.id}`
    const res = await call(app, method, path, { body, cookie })
    expect(res.status).toBe(status)
    if (status === 403) expect(res.json.code).toBe('second_factor_required')
  })

  it('the session route says so, and sign-out still works', async () => {
    ctx.setNow(new Date())
    const late = await createPersona(ctx, 'late_signout', { graceHours: -1 })
    const cookie = await signInAs(ctx, late, 'aal1')
    expect((await call(app, 'GET', '/functions/v1/auth/session', { cookie })).json.account.mustEnrol).toBe(true)
    expect((await call(app, 'POST', '/functions/v1/auth/sign-out', { body: {}, cookie })).status).toBe(200)
    expect((await call(app, 'GET', '/functions/v1/auth/session', { cookie })).status).toBe(401)
  })
})

describe('sessions', () => {
  it('a user lists own sessions and ends the others; a foreign session id is not found', async () => {
    ctx.setNow(new Date())
    const anna = await createPersona(ctx, 'anna_sessions')
    const bernd = await createPersona(ctx, 'bernd_sessions')
    const laptop = await signInAs(ctx, anna)
    const phone = await signInAs(ctx, anna)
    const berndCookie = await signInAs(ctx, bernd)
    const list = await call(app, 'GET', '/functions/v1/auth/sessions', { cookie: laptop })
    expect(list.json.sessions).toHaveLength(2)
    expect(list.json.sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1)
    const berndSessions = await call(app, 'GET', '/functions/v1/auth/sessions', { cookie: berndCookie })
    const foreign = await call(app, 'DELETE', `/functions/v1/auth/sessions/${berndSessions.json.sessions[0].id}`, { cookie: laptop })
    expect(foreign.status).toBe(404)
    expect((await call(app, 'POST', '/functions/v1/auth/sessions/end-others', { body: {}, cookie: laptop })).json).toEqual({ ended: 1 })
    expect((await call(app, 'GET', '/functions/v1/auth/session', { cookie: phone })).status).toBe(401)
    expect((await call(app, 'GET', '/functions/v1/auth/session', { cookie: laptop })).status).toBe(200)
    expect((await call(app, 'GET', '/functions/v1/auth/session', { cookie: berndCookie })).status).toBe(200)
  })

  it('a disabled account loses its session on the next request', async () => {
    const carla = await createPersona(ctx, 'carla_disabled')
    const cookie = await signInAs(ctx, carla)
    expect((await call(app, 'GET', '/functions/v1/auth/session', { cookie })).status).toBe(200)
    await ctx.owner`update public.accounts set disabled_at = now() where id = ${carla.id}`
    expect((await call(app, 'GET', '/functions/v1/auth/session', { cookie })).status).toBe(401)
  })

  it('the idle timeout ends a session; activity slides it', async () => {
    const t0 = new Date()
    ctx.setNow(t0)
    const dora = await createPersona(ctx, 'dora_idle')
    const cookie = await signInAs(ctx, dora)
    ctx.setNow(new Date(t0.getTime() + 29 * 60_000))
    expect((await call(app, 'GET', '/functions/v1/auth/session', { cookie })).status).toBe(200)
    ctx.setNow(new Date(t0.getTime() + 58 * 60_000))
    expect((await call(app, 'GET', '/functions/v1/auth/session', { cookie })).status).toBe(200)
    ctx.setNow(new Date(t0.getTime() + 89 * 60_000))
    expect((await call(app, 'GET', '/functions/v1/auth/session', { cookie })).status).toBe(401)
  })
})
