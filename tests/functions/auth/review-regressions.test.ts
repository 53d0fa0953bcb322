import { Secret } from 'otpauth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../../functions/auth/app.ts'
import { totpCode } from '../../../functions/auth/lib/totp.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { browser } from '../../helpers/browser-session.ts'
import { call } from '../../helpers/http.ts'
import { createPersona, signInAs } from '../../helpers/personas.ts'

/** Regressions for the findings of the security review (second factor, invitations, Host). */
const PASSWORD = 'Mondschein über Tübingen 7'
let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

async function withTotp(name: string) {
  ctx.setNow(new Date())
  const person = await createPersona(ctx, name, { password: PASSWORD })
  const tab = browser(app)
  await tab.call('POST', '/functions/v1/auth/sign-in', { email: person.email, password: PASSWORD })
  const started = await tab.call('POST', '/functions/v1/auth/factors/totp', {})
  const secret = Buffer.from(Secret.fromBase32(started.json.secret).bytes)
  await tab.call('POST', `/functions/v1/auth/factors/${started.json.factorId}/confirm`, { code: totpCode(secret, ctx.runtime.now()) })
  return { person, tab, secret }
}

describe('second-factor guessing', () => {
  it('a correct password does not buy fresh factor guesses: past the budget even the right code is refused, until the lock ends', async () => {
    const { person, secret } = await withTotp('factor_target')
    const t0 = new Date(Date.now() + 60_000)
    ctx.setNow(t0)
    for (let round = 0; round < 3; round++) {
      const tab = browser(app, `192.0.2.${round + 10}`)
      await tab.call('POST', '/functions/v1/auth/sign-in', { email: person.email, password: PASSWORD })
      for (let i = 0; i < 5; i++) await tab.call('POST', '/functions/v1/auth/sign-in/factor', { method: 'totp', code: '000000' })
    }
    const tab = browser(app, '192.0.2.50')
    await tab.call('POST', '/functions/v1/auth/sign-in', { email: person.email, password: PASSWORD })
    const blocked = await tab.call('POST', '/functions/v1/auth/sign-in/factor', { method: 'totp', code: totpCode(secret, t0) })
    expect(blocked.json.code).toBe('invalid_code')
    const mails = await ctx.owner`select 1 from private.outbox where to_address = ${person.email} and template = 'account-locked'`
    expect(mails).toHaveLength(1)
    const later = new Date(t0.getTime() + 3600_000 + 60_000)
    ctx.setNow(later)
    const fresh = browser(app, '192.0.2.51')
    await fresh.call('POST', '/functions/v1/auth/sign-in', { email: person.email, password: PASSWORD })
    expect((await fresh.call('POST', '/functions/v1/auth/sign-in/factor', { method: 'totp', code: totpCode(secret, later) })).status).toBe(200)
  })

  it('credential proofs are throttled too', async () => {
    const { tab } = await withTotp('proof_target')
    const statuses = []
    for (let i = 0; i < 8; i++) statuses.push((await tab.call('POST', '/functions/v1/auth/password/change', { password: `wrong ${i} password here`, newPassword: 'Ein ganz neues Passwort für Eulen' })).json.data?.failed)
    expect(statuses.every((s) => s === 'password')).toBe(true)
    const budget = await ctx.owner`select failures from private.sign_in_throttle where key like 'proof:%'`
    expect(budget[0]!.failures).toBeLessThanOrEqual(6)
  })
})

describe('a password-only session cannot become aal2 by enrolling its own factor', () => {
  it('enrolling the first factor ends the account’s other sessions', async () => {
    ctx.setNow(new Date())
    const person = await createPersona(ctx, 'phished', { password: PASSWORD })
    const attacker = browser(app, '198.51.100.66')
    await attacker.call('POST', '/functions/v1/auth/sign-in', { email: person.email, password: PASSWORD })
    const owner = browser(app)
    await owner.call('POST', '/functions/v1/auth/sign-in', { email: person.email, password: PASSWORD })
    const started = await owner.call('POST', '/functions/v1/auth/factors/totp', {})
    const secret = Buffer.from(Secret.fromBase32(started.json.secret).bytes)
    await owner.call('POST', `/functions/v1/auth/factors/${started.json.factorId}/confirm`, { code: totpCode(secret, ctx.runtime.now()) })
    expect((await attacker.call('GET', '/functions/v1/auth/session')).status).toBe(401)
  })

  it('with a factor in place, an aal1 session cannot start enrolling another', async () => {
    ctx.setNow(new Date())
    const person = await createPersona(ctx, 'has_factor')
    await ctx.owner`insert into public.mfa_factors (account_id, kind, verified_at) values (${person.id}, 'email', now())`
    const cookie = await signInAs(ctx, person, 'aal1')
    expect((await call(app, 'POST', '/functions/v1/auth/factors/totp', { cookie, body: {} })).json.code).toBe('step_up_required')
    expect((await call(app, 'POST', '/functions/v1/auth/factors/email', { cookie, body: {} })).json.code).toBe('step_up_required')
  })
})

describe('invitations and the Host header', () => {
  it('an invitation cannot set the password of an account that already has one', async () => {
    ctx.setNow(new Date())
    const lawyer = await createPersona(ctx, 'inv_lawyer', { kind: 'staff', admin: true })
    const email = 'already-set@example.test'
    await call(app, 'POST', '/functions/v1/auth/invitations', { cookie: await signInAs(ctx, lawyer), body: { email, displayName: 'Schon Da', kind: 'client' } })
    const [mail] = await ctx.owner`select params from private.outbox where to_address = ${email} and template = 'invitation'`
    const token = (mail!.params.link as string).split('#')[1]
    const [account] = await ctx.owner`select id from public.accounts where email = ${email}`
    await ctx.owner`insert into private.password_credentials (account_id, hash) values (${account!.id}, 'x')`
    const res = await call(app, 'POST', '/functions/v1/auth/invitations/accept', { body: { token, password: PASSWORD } })
    expect(res.json.code).toBe('invitation_invalid')
  })

  it('a foreign Host header is never an accepted origin (no poisoned links, no DNS rebinding)', async () => {
    const res = await app.request('http://evil.example/functions/v1/auth/password/reset', {
      method: 'POST',
      headers: { host: 'evil.example', origin: 'http://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'anyone@example.test' }),
    })
    expect(res.status).toBe(403)
    expect((await res.json()).code).toBe('forbidden_origin')
  })
})
