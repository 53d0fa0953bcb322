import { Secret } from 'otpauth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../../functions/auth/app.ts'
import { totpCode } from '../../../functions/auth/lib/totp.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { browser } from '../../helpers/browser-session.ts'
import { createPersona } from '../../helpers/personas.ts'

const PASSWORD = 'Mondschein über Tübingen 7'
const NEW_PASSWORD = 'Ein ganz neues Passwort für Eulen'
let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

/** A signed-in person with TOTP enrolled; the clock advances a step per call so codes are fresh. */
async function personWithTotp(name: string) {
  ctx.setNow(new Date())
  const person = await createPersona(ctx, name, { password: PASSWORD })
  const tab = browser(app)
  await tab.call('POST', '/functions/v1/auth/sign-in', { email: person.email, password: PASSWORD })
  const started = await tab.call('POST', '/functions/v1/auth/factors/totp', {})
  const secret = Buffer.from(Secret.fromBase32(started.json.secret).bytes)
  const confirmed = await tab.call('POST', `/functions/v1/auth/factors/${started.json.factorId}/confirm`, { code: totpCode(secret, ctx.runtime.now()) })
  let t = ctx.runtime.now().getTime()
  const freshCode = () => {
    t += 30_000
    ctx.setNow(new Date(t))
    return totpCode(secret, ctx.runtime.now())
  }
  return { person, tab, freshCode, factorId: started.json.factorId as string, recoveryCodes: confirmed.json.recoveryCodes as string[] }
}

describe('changing the password', () => {
  it('needs the current password and a current factor, ends other sessions and mails the user', async () => {
    const { person, tab, freshCode } = await personWithTotp('changer')
    const other = browser(app)
    await other.call('POST', '/functions/v1/auth/sign-in', { email: person.email, password: PASSWORD })
    await other.call('POST', '/functions/v1/auth/sign-in/factor', { method: 'totp', code: freshCode() })
    expect((await other.call('GET', '/functions/v1/auth/session')).status).toBe(200)
    const noFactor = await tab.call('POST', '/functions/v1/auth/password/change', { password: PASSWORD, newPassword: NEW_PASSWORD })
    expect(noFactor.json).toMatchObject({ code: 'proof_failed', data: { failed: 'factor' } })
    const wrongPassword = await tab.call('POST', '/functions/v1/auth/password/change', { password: 'not my password at all', newPassword: NEW_PASSWORD, method: 'totp', code: freshCode() })
    expect(wrongPassword.json).toMatchObject({ code: 'proof_failed', data: { failed: 'password' } })
    const weak = await tab.call('POST', '/functions/v1/auth/password/change', { password: PASSWORD, newPassword: 'passwordpassword', method: 'totp', code: freshCode() })
    expect(weak.json.code).toBe('password_rejected')
    const ok = await tab.call('POST', '/functions/v1/auth/password/change', { password: PASSWORD, newPassword: NEW_PASSWORD, method: 'totp', code: freshCode() })
    expect(ok.json).toEqual({ changed: true })
    expect((await other.call('GET', '/functions/v1/auth/session')).status).toBe(401)
    expect((await tab.call('GET', '/functions/v1/auth/session')).status).toBe(200)
    const mails = await ctx.owner`select 1 from private.outbox where to_address = ${person.email} and template = 'password-changed'`
    expect(mails).toHaveLength(1)
  })
})

describe('removing a factor', () => {
  it('needs password and a factor, and keeps the last factor after the grace period', async () => {
    const { person, tab, freshCode, factorId, recoveryCodes } = await personWithTotp('remover')
    const denied = await tab.call('POST', `/functions/v1/auth/factors/${factorId}/remove`, { password: PASSWORD })
    expect(denied.json.code).toBe('proof_failed')
    await ctx.owner`update public.accounts set mfa_deadline = now() - interval '1 hour' where id = ${person.id}`
    const tab2 = browser(app)
    await tab2.call('POST', '/functions/v1/auth/sign-in', { email: person.email, password: PASSWORD })
    await tab2.call('POST', '/functions/v1/auth/sign-in/factor', { method: 'totp', code: freshCode() })
    const last = await tab2.call('POST', `/functions/v1/auth/factors/${factorId}/remove`, { password: PASSWORD, method: 'recovery', code: recoveryCodes[0] })
    expect(last.json.code).toBe('last_factor')
    await ctx.owner`update public.accounts set mfa_deadline = now() + interval '1 hour' where id = ${person.id}`
    const tab3 = browser(app)
    await tab3.call('POST', '/functions/v1/auth/sign-in', { email: person.email, password: PASSWORD })
    await tab3.call('POST', '/functions/v1/auth/sign-in/factor', { method: 'totp', code: freshCode() })
    const removed = await tab3.call('POST', `/functions/v1/auth/factors/${factorId}/remove`, { password: PASSWORD, method: 'totp', code: freshCode() })
    expect(removed.json).toEqual({ removed: true })
    expect((await tab3.call('GET', '/functions/v1/auth/factors')).json.factors).toEqual([])
  })

  it('a foreign factor id answers not found', async () => {
    const a = await personWithTotp('owner_of_factor')
    const b = await personWithTotp('stranger')
    const res = await b.tab.call('POST', `/functions/v1/auth/factors/${a.factorId}/remove`, { password: PASSWORD, method: 'totp', code: b.freshCode() })
    expect(res.status).toBe(404)
  })
})

describe('recovery codes', () => {
  it('counts the unused codes and renews all of them after proof; old codes stop working', async () => {
    const { person, tab, freshCode, recoveryCodes } = await personWithTotp('renewer')
    expect((await tab.call('GET', '/functions/v1/auth/factors/recovery-codes')).json).toEqual({ remaining: 10 })
    const denied = await tab.call('POST', '/functions/v1/auth/factors/recovery-codes', { password: PASSWORD })
    expect(denied.json.code).toBe('proof_failed')
    const renewed = await tab.call('POST', '/functions/v1/auth/factors/recovery-codes', { password: PASSWORD, method: 'recovery', code: recoveryCodes[0] })
    expect(renewed.json.recoveryCodes).toHaveLength(10)
    expect((await tab.call('GET', '/functions/v1/auth/factors/recovery-codes')).json).toEqual({ remaining: 10 })
    const other = browser(app)
    await other.call('POST', '/functions/v1/auth/sign-in', { email: person.email, password: PASSWORD })
    expect((await other.call('POST', '/functions/v1/auth/sign-in/factor', { method: 'recovery', code: recoveryCodes[1] })).json.code).toBe('invalid_code')
    expect((await other.call('POST', '/functions/v1/auth/sign-in/factor', { method: 'recovery', code: renewed.json.recoveryCodes[0] })).status).toBe(200)
    void freshCode
    const mails = await ctx.owner`select template from private.outbox where to_address = ${person.email} and template = 'recovery-codes-renewed'`
    expect(mails).toHaveLength(1)
  })
})
