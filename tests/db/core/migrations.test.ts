import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate, MigrationChangedError } from '../../../functions/_shared/migrate.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { withDatabase } from '../../setup/database-template.ts'
import { inject } from 'vitest'

let ctx: TestContext
let ownerUrl: string
beforeAll(async () => {
  ctx = await createTestContext()
  ownerUrl = withDatabase(inject('database').ownerUrl, ctx.name)
})
afterAll(() => ctx.close())

describe('the migration runner', () => {
  it('is idempotent: a second run applies nothing and keeps the policies', async () => {
    const [{ count: before }] = (await ctx.owner`select count(*)::int as count from pg_policies`) as unknown as [{ count: number }]
    const [{ count: applied }] = (await ctx.owner`select count(*)::int as count from portal_meta.migrations`) as unknown as [{ count: number }]
    await migrate(ownerUrl)
    const [{ count: after }] = (await ctx.owner`select count(*)::int as count from pg_policies`) as unknown as [{ count: number }]
    const [{ count: appliedAfter }] = (await ctx.owner`select count(*)::int as count from portal_meta.migrations`) as unknown as [{ count: number }]
    expect(after).toBe(before)
    expect(appliedAfter).toBe(applied)
  })

  it('refuses to start when an applied migration was changed', async () => {
    await ctx.owner`update portal_meta.migrations set checksum = 'tampered' where name = (select min(name) from portal_meta.migrations)`
    await expect(migrate(ownerUrl)).rejects.toBeInstanceOf(MigrationChangedError)
  })
})
