import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { createPersona, type Persona } from '../../helpers/personas.ts'

/** The sign-in tables' rules, tested as named people directly in SQL (as the API's claims would). */
let ctx: TestContext
let lawyer: Persona
let clerk: Persona
let clientA: Persona
let clientB: Persona
beforeAll(async () => {
  ctx = await createTestContext()
  lawyer = await createPersona(ctx, 'lawyer', { kind: 'staff', admin: true })
  clerk = await createPersona(ctx, 'clerk_b', { kind: 'staff' })
  clientA = await createPersona(ctx, 'client_a_owner')
  clientB = await createPersona(ctx, 'client_b_owner')
  for (const p of [lawyer, clerk, clientA, clientB]) {
    await ctx.owner`insert into public.mfa_factors (account_id, kind, verified_at) values (${p.id}, 'email', now())`
    await ctx.owner`insert into public.recovery_codes (account_id, code_hash) values (${p.id}, ${Buffer.from(p.id)})`
  }
})
afterAll(() => ctx.close())

const as = <T>(p: Persona, fn: Parameters<TestContext['db']['asUser']>[1]) => ctx.db.asUser(p.claims, fn) as Promise<T>

describe('mfa_factors', () => {
  it('a client sees own factors only; staff see all', async () => {
    const own = await as<{ account_id: string }[]>(clientA, (tx) => tx`select account_id from public.mfa_factors`)
    expect(own.map((r) => r.account_id)).toEqual([clientA.id])
    const all = await as<unknown[]>(clerk, (tx) => tx`select account_id from public.mfa_factors`)
    expect(all).toHaveLength(4)
  })

  it('nobody reads a factor secret through the API roles', async () => {
    await expect(as(lawyer, (tx) => tx`select secret_ciphertext from public.mfa_factors`)).rejects.toMatchObject({ code: '42501' })
  })

  it('nobody marks a factor verified or adds one directly', async () => {
    await expect(as(clientA, (tx) => tx`update public.mfa_factors set verified_at = now()`)).rejects.toMatchObject({ code: '42501' })
    await expect(as(clientA, (tx) => tx`insert into public.mfa_factors (account_id, kind) values (${clientA.id}, 'email')`)).rejects.toMatchObject({ code: '42501' })
  })

  it('a client cannot delete anyone’s factors, a clerk those of clients but not of staff, the admin all others', async () => {
    expect(await as<unknown[]>(clientA, (tx) => tx`delete from public.mfa_factors where account_id = ${clientB.id} returning id`)).toHaveLength(0)
    expect(await as<unknown[]>(clerk, (tx) => tx`delete from public.mfa_factors where account_id = ${lawyer.id} returning id`)).toHaveLength(0)
    expect(await as<unknown[]>(clerk, (tx) => tx`delete from public.mfa_factors where account_id = ${clerk.id} returning id`)).toHaveLength(0)
    await ctx.db.asUser(clerk.claims, async (tx) => {
      expect(await tx`delete from public.mfa_factors where account_id = ${clientB.id} returning id`).toHaveLength(1)
      throw Object.assign(new Error('rollback'), { rollback: true })
    }).catch((e) => expect(e.rollback).toBe(true))
    await ctx.db.asUser(lawyer.claims, async (tx) => {
      expect(await tx`delete from public.mfa_factors where account_id = ${clerk.id} returning id`).toHaveLength(1)
      throw Object.assign(new Error('rollback'), { rollback: true })
    }).catch((e) => expect(e.rollback).toBe(true))
  })
})

describe('accounts', () => {
  it('staff create client accounts; only the admin creates staff; clients create none', async () => {
    const insert = (p: Persona, kind: string, admin = false) =>
      ctx.db.asUser(p.claims, (tx) => tx`insert into public.accounts (email, display_name, kind, is_admin, mfa_deadline)
        values (${`${p.name}-${kind}-${admin}@x.test`}, 'X', ${kind}, ${admin}, now() + interval '1 day') returning id`)
    await expect(insert(clientA, 'client')).rejects.toMatchObject({ code: '42501' })
    await expect(insert(clerk, 'staff')).rejects.toMatchObject({ code: '42501' })
    await expect(insert(clerk, 'staff', true)).rejects.toMatchObject({ code: '42501' })
    expect(await insert(clerk, 'client')).toHaveLength(1)
    expect(await insert(lawyer, 'staff', true)).toHaveLength(1)
  })

  it('nobody disables their own account or extends their own grace period', async () => {
    await expect(as(clerk, (tx) => tx`update public.accounts set disabled_at = now() where id = ${clerk.id}`)).rejects.toMatchObject({ code: '42501' })
    await expect(as(clientA, (tx) => tx`update public.accounts set mfa_deadline = now() + interval '1 year' where id = ${clientA.id}`)).rejects.toMatchObject({ code: '42501' })
    // The own profile stays editable.
    expect(await as<unknown[]>(clientA, (tx) => tx`update public.accounts set display_name = 'Anna A.' where id = ${clientA.id} returning id`)).toHaveLength(1)
  })
})

describe('recovery codes and sessions', () => {
  it('a client sees the status of own recovery codes but never a hash', async () => {
    expect(await as<unknown[]>(clientA, (tx) => tx`select id from public.recovery_codes`)).toHaveLength(1)
    await expect(as(clientA, (tx) => tx`select code_hash from public.recovery_codes`)).rejects.toMatchObject({ code: '42501' })
  })

  it('a client cannot end another person’s session; staff can end a client’s', async () => {
    const [s] = await ctx.owner`insert into public.sessions (token_hash, account_id, aal, idle_expires_at, expires_at)
      values (${Buffer.from('b-session')}, ${clientB.id}, 'aal2', now() + interval '1 hour', now() + interval '1 hour') returning id`
    expect(await as<unknown[]>(clientA, (tx) => tx`update public.sessions set revoked_at = now() where id = ${s!.id} returning id`)).toHaveLength(0)
    expect(await as<unknown[]>(clerk, (tx) => tx`update public.sessions set revoked_at = now() where id = ${s!.id} returning id`)).toHaveLength(1)
  })

  it('the private sign-in tables are closed to every API user', async () => {
    for (const table of ['private.sign_in_challenges', 'private.sign_in_throttle', 'private.password_resets', 'private.password_credentials', 'private.outbox']) {
      await expect(as(lawyer, (tx) => tx.unsafe(`select * from ${table}`))).rejects.toMatchObject({ code: '42501' })
    }
  })
})

describe('bounds on what the grants allow', () => {
  it('staff give at most a day of grace; nobody revives an ended session; audit times are the database’s', async () => {
    await expect(as(clerk, (tx) => tx`update public.accounts set mfa_deadline = 'infinity' where id = ${clientA.id}`)).rejects.toMatchObject({ code: '42501' })
    expect(await as<unknown[]>(clerk, (tx) => tx`update public.accounts set mfa_deadline = now() + interval '24 hours' where id = ${clientA.id} returning id`)).toHaveLength(1)
    const [s] = await ctx.owner`insert into public.sessions (token_hash, account_id, aal, idle_expires_at, expires_at, revoked_at)
      values (${Buffer.from('ended-session')}, ${clientA.id}, 'aal2', now() + interval '1 hour', now() + interval '1 hour', now()) returning id`
    await expect(as(clientA, (tx) => tx`update public.sessions set revoked_at = null where id = ${s!.id}`)).rejects.toMatchObject({ code: '42501' })
    await expect(as(clientA, (tx) => tx`insert into public.audit_log (actor_id, action, at) values (${clientA.id}, 'x', '2000-01-01')`)).rejects.toMatchObject({ code: '42501' })
  })
})
