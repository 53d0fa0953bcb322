import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { createPersona, type Persona } from '../../helpers/personas.ts'

let ctx: TestContext
let lawyer: Persona
let client: Persona
let other: Persona
beforeAll(async () => {
  ctx = await createTestContext()
  lawyer = await createPersona(ctx, 'lawyer', { kind: 'staff', admin: true })
  client = await createPersona(ctx, 'client_a_owner')
  other = await createPersona(ctx, 'client_b_owner')
})
afterAll(() => ctx.close())

describe('the audit trail is append-only and readable by the right people', () => {
  it('a user records an own action but not one in another name', async () => {
    await ctx.db.asUser(client.claims, (tx) => tx`insert into public.audit_log (actor_id, action) values (${client.id}, 'test.own')`)
    await expect(
      ctx.db.asUser(client.claims, (tx) => tx`insert into public.audit_log (actor_id, action) values (${other.id}, 'test.forged')`),
    ).rejects.toMatchObject({ code: '42501' })
  })

  it('nobody can change or delete an entry, not even service_role', async () => {
    await expect(ctx.db.asUser(client.claims, (tx) => tx`update public.audit_log set action = 'x'`)).rejects.toMatchObject({ code: '42501' })
    await expect(ctx.db.asUser(client.claims, (tx) => tx`delete from public.audit_log`)).rejects.toMatchObject({ code: '42501' })
    await expect(ctx.owner`update public.audit_log set action = 'x'`).rejects.toMatchObject({ code: '42501' })
  })

  it('a client sees own entries only; staff see all', async () => {
    await ctx.owner`insert into public.audit_log (actor_id, action) values (${other.id}, 'test.other')`
    const mine = await ctx.db.asUser(client.claims, (tx) => tx`select actor_id from public.audit_log`)
    expect(mine.length).toBeGreaterThan(0)
    expect(mine.every((r) => r.actor_id === client.id)).toBe(true)
    const all = await ctx.db.asUser(lawyer.claims, (tx) => tx`select distinct actor_id from public.audit_log`)
    expect(all.map((r) => r.actor_id).sort()).toEqual([client.id, other.id].sort())
  })
})
