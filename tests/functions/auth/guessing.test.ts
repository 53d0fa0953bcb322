import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../../functions/auth/app.ts'
import { hashStats } from '../../../functions/_shared/password-hash.ts'
import { signInStats } from '../../../functions/auth/service/sign-in-with-password.ts'
import { ACCOUNT_RULE, LOCK_NOTICE_AT } from '../../../functions/auth/lib/throttle-rules.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { call } from '../../helpers/http.ts'
import { createPersona } from '../../helpers/personas.ts'

const PASSWORD = 'Mondschein über Tübingen 7'
let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

const signIn = (email: string, password: string, ip = '198.51.100.20', headers?: Record<string, string>) =>
  call(app, 'POST', '/functions/v1/auth/sign-in', { body: { email, password }, ip, headers })

describe('guessing protection', () => {
  it('evaluates at most the allowed attempts of 150 wrong passwords, holds the lock, and lets it expire', async () => {
    const victim = await createPersona(ctx, 'victim', { password: PASSWORD })
    const t0 = new Date()
    ctx.setNow(t0)
    const before = signInStats.evaluated
    const statuses = new Map<number, number>()
    // Half from one address, half with rotating X-Forwarded-For (not a trusted proxy: ignored).
    for (let i = 0; i < 150; i++) {
      const res = await signIn(victim.email, `wrong password number ${i}`, '198.51.100.20', i % 2 ? { 'x-forwarded-for': `10.9.${i}.1` } : undefined)
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
    }
    const evaluated = signInStats.evaluated - before
    expect(evaluated).toBeLessThanOrEqual(100)
    expect(evaluated).toBe(ACCOUNT_RULE.freeFailures)
    expect([...statuses.keys()].every((s) => s === 401 || s === 429)).toBe(true)
    // The right password during the lock is refused like a wrong one from the guessing address …
    const during = await signIn(victim.email, PASSWORD, '198.51.100.20')
    expect([401, 429]).toContain(during.status)
    expect(['invalid_credentials', 'rate_limited']).toContain(during.json.code)
    // … while the owner, elsewhere, is not locked out by someone else's guesses.
    expect((await signIn(victim.email, PASSWORD, '192.0.2.50')).status).toBe(200)
    // The lock ends by itself.
    ctx.setNow(new Date(t0.getTime() + 3600_000 + 1000))
    expect((await signIn(victim.email, PASSWORD, '198.51.100.20')).status).toBe(200)
  })

  it('answers the address that floods with rate_limited, without touching other addresses', async () => {
    ctx.setNow(new Date(Date.now() + 3 * 3600_000))
    const statuses: number[] = []
    for (let i = 0; i < 40; i++) statuses.push((await signIn(`nobody${i}@example.test`, 'wrong wrong wrong', '2001:db8:1:2::10')).status)
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0)
    // Same /64, other host: limited as well. Another /64: free.
    expect((await signIn('x@example.test', 'wrong wrong wrong', '2001:db8:1:2:ffff::1')).status).toBe(429)
    expect((await signIn('x@example.test', 'wrong wrong wrong', '2001:db8:1:3::1')).status).toBe(401)
  })

  it('holds under parallel attempts: one atomic counter, no more evaluations than allowed', async () => {
    const target = await createPersona(ctx, 'parallel_target', { password: PASSWORD })
    ctx.setNow(new Date(Date.now() + 6 * 3600_000))
    const before = signInStats.evaluated
    await Promise.all(Array.from({ length: 30 }, (_, i) => signIn(target.email, `wrong ${i} wrong wrong`, '192.0.2.99')))
    expect(signInStats.evaluated - before).toBe(ACCOUNT_RULE.freeFailures)
  })

  it('caps an account at 100 evaluated failures an hour, also when the guesses come from many addresses', async () => {
    const target = await createPersona(ctx, 'distributed_target', { password: PASSWORD })
    ctx.setNow(new Date(Date.now() + 7 * 3600_000))
    const before = signInStats.evaluated
    const ips = Array.from({ length: 115 }, (_, i) => `2001:db8:${(i + 1).toString(16)}::1`)
    for (let i = 0; i < ips.length; i += 10) await Promise.all(ips.slice(i, i + 10).map((ip, j) => signIn(target.email, `wrong ${i + j} guess`, ip)))
    expect(signInStats.evaluated - before).toBe(100)
  })

  it('mails the owner once when the account is locked', async () => {
    const owner = await createPersona(ctx, 'locked_owner', { password: PASSWORD })
    let t = Date.now() + 9 * 3600_000
    for (let i = 0; i < LOCK_NOTICE_AT + 2; i++) {
      ctx.setNow(new Date((t += 130_000))) // past each progressive delay, inside one hour
      await signIn(owner.email, `wrong ${i} wrong wrong`, `192.0.2.${i + 1}`)
    }
    const mails = await ctx.owner`select template from private.outbox where to_address = ${owner.email}`
    expect(mails.map((m) => m.template)).toEqual(['account-locked'])
    const audit = await ctx.owner`select action from public.audit_log where actor_id = ${owner.id} and action = 'sign_in.locked'`
    expect(audit).toHaveLength(1)
  })
})

describe('no account enumeration', () => {
  it('answers unknown, disabled, locked and valid accounts identically, each after one hash verification', async () => {
    ctx.setNow(new Date(Date.now() + 24 * 3600_000))
    const valid = await createPersona(ctx, 'valid_account', { password: PASSWORD })
    const disabled = await createPersona(ctx, 'disabled_account', { password: PASSWORD })
    await ctx.owner`update public.accounts set disabled_at = now() where id = ${disabled.id}`
    const locked = await createPersona(ctx, 'locked_account', { password: PASSWORD })
    for (let i = 0; i < ACCOUNT_RULE.freeFailures; i++) await signIn(locked.email, `wrong ${i} wrong wrong`, '192.0.2.201')
    const cases = [
      ['unknown', 'nobody-here@example.test', 'some wrong password'],
      ['disabled (right password)', disabled.email, PASSWORD],
      ['locked (right password)', locked.email, PASSWORD],
      ['valid, wrong password', valid.email, 'some wrong password'],
    ] as const
    const answers = []
    for (const [, email, password] of cases) {
      const verifications = hashStats.verifications
      const res = await signIn(email, password, '192.0.2.201')
      expect(hashStats.verifications - verifications).toBe(1)
      const headers = Object.fromEntries([...res.headers].filter(([k]) => !['x-request-id', 'date'].includes(k)))
      const { requestId, ...body } = res.json
      answers.push({ status: res.status, body, headers })
    }
    for (const answer of answers.slice(1)) expect(answer).toEqual(answers[0])
    expect(answers[0]!.status).toBe(401)
  })
})
