import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { createPersona } from '../../helpers/personas.ts'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

const ownAccount = (ctx: TestContext, claims: object) =>
  ctx.db.asUser(claims as never, (tx) => tx`select id from public.accounts`)

describe('the restrictive second-factor policy', () => {
  it('lets an aal1 session read inside the grace period', async () => {
    const p = await createPersona(ctx, 'fresh_client', { graceHours: 72 })
    expect(await ownAccount(ctx, { ...p.claims, aal: 'aal1' })).toHaveLength(1)
  })

  it('hides every row from an aal1 session after the deadline', async () => {
    const p = await createPersona(ctx, 'late_client', { graceHours: -1 })
    expect(await ownAccount(ctx, { ...p.claims, aal: 'aal1' })).toHaveLength(0)
    expect(await ctx.db.asUser({ ...p.claims, aal: 'aal1' }, (tx) => tx`select * from public.firm_settings`)).toHaveLength(0)
  })

  it('lets an aal2 session read after the deadline', async () => {
    const p = await createPersona(ctx, 'late_but_enrolled', { graceHours: -1 })
    expect(await ownAccount(ctx, { ...p.claims, aal: 'aal2' })).toHaveLength(1)
  })

  it('hides everything from a disabled account inside the grace period', async () => {
    const p = await createPersona(ctx, 'disabled_client', { graceHours: 72 })
    await ctx.owner`update public.accounts set disabled_at = now() where id = ${p.id}`
    expect(await ownAccount(ctx, { ...p.claims, aal: 'aal1' })).toHaveLength(0)
  })
})
