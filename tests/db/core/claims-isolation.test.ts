import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { createPersona, type Persona } from '../../helpers/personas.ts'

let ctx: TestContext
let anna: Persona
let bernd: Persona
beforeAll(async () => {
  ctx = await createTestContext()
  anna = await createPersona(ctx, 'client_a_owner')
  bernd = await createPersona(ctx, 'client_b_owner')
})
afterAll(() => ctx.close())

describe('identity is transaction-local', () => {
  it('two users × 500 interleaved transactions through the pool never see each other', async () => {
    const rounds = 500
    const foreign: string[] = []
    const mismatched: string[] = []
    const run = (who: Persona, other: Persona) => async () => {
      const rows = await ctx.db.asUser(who.claims, (tx) => tx`select id, (select auth.uid()) as uid from public.accounts`)
      for (const row of rows) {
        if (row.id !== who.id) foreign.push(row.id)
        if (row.uid !== who.id) mismatched.push(row.uid)
      }
      if (rows.length !== 1) mismatched.push(`rows=${rows.length}`)
      void other
    }
    const tasks: Promise<void>[] = []
    for (let i = 0; i < rounds; i++) {
      tasks.push(run(anna, bernd)(), run(bernd, anna)())
    }
    await Promise.all(tasks)
    expect(foreign).toEqual([])
    expect(mismatched).toEqual([])
  })

  it('after a transaction the connection carries no claims and no role', async () => {
    await ctx.db.asUser(anna.claims, (tx) => tx`select 1`)
    // max 4 connections: ask each of them.
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        ctx.db.pool`select current_user as "user", coalesce(current_setting('request.jwt.claims', true), '') as claims`),
    )
    for (const [row] of results) {
      expect(row).toEqual({ user: 'authenticator', claims: '' })
    }
  })

  it('a failing transaction leaves no claims behind either', async () => {
    await expect(ctx.db.asUser(anna.claims, (tx) => tx`select 1/0`)).rejects.toMatchObject({ code: '22012' })
    const [row] = await ctx.db.pool`select current_user as "user", coalesce(current_setting('request.jwt.claims', true), '') as claims`
    expect(row).toEqual({ user: 'authenticator', claims: '' })
  })
})
