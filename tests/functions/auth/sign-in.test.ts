import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../../functions/auth/app.ts'
import { totpCode } from '../../../functions/auth/lib/totp.ts'
import { Secret } from 'otpauth'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { browser } from '../../helpers/browser-session.ts'
import { createPersona } from '../../helpers/personas.ts'

const PASSWORD = 'Mondschein über Tübingen 7'
let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
  await ctx.owner`insert into public.firm_settings (id, firm_name) values (1, 'Kanzlei Berger')`
})
afterAll(() => ctx.close())

const secretOf = (base32: string) => Buffer.from(Secret.fromBase32(base32).bytes)
const lastMail = async (to: string, template: string) =>
  (await ctx.owner`select params from private.outbox where to_address = ${to} and template = ${template} order by created_at desc limit 1`)[0]?.params

/** Signs in with the password and enrols TOTP; returns the tab and the TOTP secret. */
async function enrolledWithTotp(name: string) {
  const person = await createPersona(ctx, name, { password: PASSWORD })
  const tab = browser(app)
  expect((await tab.call('POST', '/functions/v1/auth/sign-in', { email: person.email, password: PASSWORD })).json).toEqual({ next: 'done', aal: 'aal1' })
  const started = await tab.call('POST', '/functions/v1/auth/factors/totp', { label: 'Telefon' })
  expect(started.status).toBe(201)
  const secret = secretOf(started.json.secret)
  ctx.setNow(new Date(Date.now()))
  const confirmed = await tab.call('POST', `/functions/v1/auth/factors/${started.json.factorId}/confirm`, { code: totpCode(secret, ctx.runtime.now()) })
  expect(confirmed.status).toBe(200)
  return { person, tab, secret, confirmed }
}

describe('TOTP enrolment and sign-in', () => {
  it('an aal1 session enrols TOTP, gets ten recovery codes and a new aal2 session token', async () => {
    const person = await createPersona(ctx, 'client_a_owner', { password: PASSWORD })
    const tab = browser(app)
    await tab.call('POST', '/functions/v1/auth/sign-in', { email: person.email.toUpperCase(), password: PASSWORD })
    const before = tab.jar.get('__Host-portal_session')
    expect((await tab.call('GET', '/functions/v1/auth/session')).json.account).toMatchObject({ aal: 'aal1', mustEnrol: false })
    const started = await tab.call('POST', '/functions/v1/auth/factors/totp', {})
    expect(started.json.uri).toMatch(/^otpauth:\/\/totp\/Kanzlei%20Berger:client_a_owner%40example\.test\?/)
    expect(started.json.qrSvg).toMatch(/^<svg/)
    expect(Secret.fromBase32(started.json.secret).bytes.length).toBe(20)
    const wrong = await tab.call('POST', `/functions/v1/auth/factors/${started.json.factorId}/confirm`, { code: '000000' })
    expect(wrong.json.code).toBe('invalid_code')
    const ok = await tab.call('POST', `/functions/v1/auth/factors/${started.json.factorId}/confirm`, {
      code: totpCode(secretOf(started.json.secret), ctx.runtime.now()),
    })
    expect(ok.json.recoveryCodes).toHaveLength(10)
    const after = tab.jar.get('__Host-portal_session')
    expect(after).not.toBe(before)
    expect((await tab.call('GET', '/functions/v1/auth/session')).json.account.aal).toBe('aal2')
    // The old token is dead.
    const stale = browser(app)
    stale.jar.set('__Host-portal_session', before!)
    expect((await stale.call('GET', '/functions/v1/auth/session')).status).toBe(401)
    expect(await lastMail(person.email, 'factor-added')).toBeDefined()
  })

  it('signs in with password + TOTP and refuses a replayed code', async () => {
    const { person, secret } = await enrolledWithTotp('totp_user')
    const t0 = new Date(Date.now() + 60_000)
    ctx.setNow(t0)
    const tab = browser(app)
    const step1 = await tab.call('POST', '/functions/v1/auth/sign-in', { email: person.email, password: PASSWORD })
    expect(step1.json).toEqual({ next: 'second_factor', methods: ['totp', 'recovery'] })
    expect(tab.jar.has('__Host-portal_session')).toBe(false)
    const code = totpCode(secret, t0)
    const step2 = await tab.call('POST', '/functions/v1/auth/sign-in/factor', { method: 'totp', code })
    expect(step2.json).toEqual({ next: 'done', aal: 'aal2' })
    expect(tab.jar.has('__Host-portal_challenge')).toBe(false)
    // Same code, new sign-in attempt: refused.
    const other = browser(app)
    await other.call('POST', '/functions/v1/auth/sign-in', { email: person.email, password: PASSWORD })
    const replay = await other.call('POST', '/functions/v1/auth/sign-in/factor', { method: 'totp', code })
    expect(replay.json.code).toBe('invalid_code')
    // The previous step is still accepted, an older one is not.
    ctx.setNow(new Date(t0.getTime() + 30_000))
    expect((await other.call('POST', '/functions/v1/auth/sign-in/factor', { method: 'totp', code: totpCode(secret, new Date(t0.getTime() - 60_000)) })).json.code).toBe('invalid_code')
    expect((await other.call('POST', '/functions/v1/auth/sign-in/factor', { method: 'totp', code: totpCode(secret, new Date(t0.getTime() + 30_000)) })).status).toBe(200)
  })

  it('kills the pre-auth state at the sixth wrong code', async () => {
    const { person } = await enrolledWithTotp('clumsy_user')
    const tab = browser(app)
    await tab.call('POST', '/functions/v1/auth/sign-in', { email: person.email, password: PASSWORD })
    for (let i = 1; i <= 5; i++) {
      const res = await tab.call('POST', '/functions/v1/auth/sign-in/factor', { method: 'totp', code: '123456' })
      expect(res.json).toMatchObject({ code: 'invalid_code', data: { attemptsLeft: 5 - i } })
    }
    const sixth = await tab.call('POST', '/functions/v1/auth/sign-in/factor', { method: 'totp', code: '123456' })
    expect(sixth.json.code).toBe('challenge_expired')
  })

  it('accepts a recovery code once and announces its use by mail', async () => {
    const { person, confirmed } = await enrolledWithTotp('lost_phone_user')
    const code = confirmed.json.recoveryCodes[3] as string
    const tab = browser(app)
    await tab.call('POST', '/functions/v1/auth/sign-in', { email: person.email, password: PASSWORD })
    expect((await tab.call('POST', '/functions/v1/auth/sign-in/factor', { method: 'recovery', code: code.toUpperCase() })).status).toBe(200)
    expect(await lastMail(person.email, 'recovery-code-used')).toMatchObject({ remaining: '9' })
    const again = browser(app)
    await again.call('POST', '/functions/v1/auth/sign-in', { email: person.email, password: PASSWORD })
    expect((await again.call('POST', '/functions/v1/auth/sign-in/factor', { method: 'recovery', code })).json.code).toBe('invalid_code')
  })
})

describe('e-mail code', () => {
  async function enrolledWithEmail(name: string) {
    const person = await createPersona(ctx, name, { password: PASSWORD })
    const tab = browser(app)
    await tab.call('POST', '/functions/v1/auth/sign-in', { email: person.email, password: PASSWORD })
    const started = await tab.call('POST', '/functions/v1/auth/factors/email', {})
    expect(started.status).toBe(201)
    const { code } = await lastMail(person.email, 'factor-code')
    expect((await tab.call('POST', `/functions/v1/auth/factors/${started.json.factorId}/confirm`, { code })).status).toBe(200)
    return person
  }

  it('signs in with a mailed code that is single-use and bound to its attempt', async () => {
    const person = await enrolledWithEmail('email_user')
    const first = browser(app)
    expect((await first.call('POST', '/functions/v1/auth/sign-in', { email: person.email, password: PASSWORD })).json.methods).toEqual(['email', 'recovery'])
    expect((await first.call('POST', '/functions/v1/auth/sign-in/code', {})).json.sentTo).toBe('e•••@example.test')
    const { code } = await lastMail(person.email, 'sign-in-code')
    expect(code).toMatch(/^\d{6}$/)
    // Another sign-in attempt cannot use this code.
    const second = browser(app)
    await second.call('POST', '/functions/v1/auth/sign-in', { email: person.email, password: PASSWORD })
    expect((await second.call('POST', '/functions/v1/auth/sign-in/factor', { method: 'email', code })).json.code).toBe('invalid_code')
    expect((await first.call('POST', '/functions/v1/auth/sign-in/factor', { method: 'email', code })).status).toBe(200)
    // Used once: gone.
    const third = browser(app)
    await third.call('POST', '/functions/v1/auth/sign-in', { email: person.email, password: PASSWORD })
    expect((await third.call('POST', '/functions/v1/auth/sign-in/factor', { method: 'email', code })).json.code).toBe('invalid_code')
  })

  it('refuses a code after 10 minutes and throttles resends', async () => {
    const person = await enrolledWithEmail('slow_user')
    const t0 = new Date()
    ctx.setNow(t0)
    const tab = browser(app)
    await tab.call('POST', '/functions/v1/auth/sign-in', { email: person.email, password: PASSWORD })
    await tab.call('POST', '/functions/v1/auth/sign-in/code', {})
    expect((await tab.call('POST', '/functions/v1/auth/sign-in/code', {})).json.code).toBe('resend_too_soon')
    const { code } = await lastMail(person.email, 'sign-in-code')
    ctx.setNow(new Date(t0.getTime() + 9 * 60_000 + 59_000))
    // Still inside the challenge's 10 minutes, but this second code request replaces the first code.
    const resent = await tab.call('POST', '/functions/v1/auth/sign-in/code', {})
    expect(resent.status).toBe(200)
    expect((await tab.call('POST', '/functions/v1/auth/sign-in/factor', { method: 'email', code })).json.code).toBe('invalid_code')
    const { code: newer } = await lastMail(person.email, 'sign-in-code')
    ctx.setNow(new Date(t0.getTime() + 10 * 60_000 + 1000))
    expect((await tab.call('POST', '/functions/v1/auth/sign-in/factor', { method: 'email', code: newer })).json.code).toBe('challenge_expired')
  })
})
