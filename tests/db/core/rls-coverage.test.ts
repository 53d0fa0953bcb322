import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../helpers/context.ts'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

describe('row-level security covers every table', () => {
  it('every table in the exposed schema has RLS enabled and forced and at least one policy', async () => {
    const tables = await ctx.owner<{ name: string; enabled: boolean; forced: boolean; policies: number }[]>`
      select c.relname as name, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
             (select count(*)::int from pg_policies p where p.schemaname = n.nspname and p.tablename = c.relname) as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')`
    expect(tables.length).toBeGreaterThan(0)
    const offenders = tables.filter((t) => !t.enabled || !t.forced || t.policies === 0)
    expect(offenders).toEqual([])
  })

  it('every table in the private schemas has RLS enabled and forced', async () => {
    const offenders = await ctx.owner`
      select n.nspname || '.' || c.relname as name
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in ('private', 'portal_meta') and c.relkind in ('r', 'p')
        and not (c.relrowsecurity and c.relforcerowsecurity)`
    expect(offenders).toEqual([])
  })

  it('every public table has a "Second factor required" restrictive policy', async () => {
    const missing = await ctx.owner`
      select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')
        and not exists (select 1 from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname
                        and p.permissive = 'RESTRICTIVE' and p.policyname = 'Second factor required')`
    expect(missing).toEqual([])
  })

  it('API roles hold no grant on private tables except service_role', async () => {
    const grants = await ctx.owner`
      select grantee, table_schema, table_name, privilege_type from information_schema.role_table_grants
      where table_schema in ('private', 'portal_meta') and grantee in ('anon', 'authenticated', 'authenticator')`
    expect(grants).toEqual([])
  })

  it('the table owner is never an API role', async () => {
    const owned = await ctx.owner`
      select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      join pg_roles r on r.oid = c.relowner
      where n.nspname in ('public', 'private', 'portal_meta') and r.rolname in ('authenticator', 'anon', 'authenticated', 'service_role')`
    expect(owned).toEqual([])
  })
})

describe('the application login role', () => {
  it('is not a superuser, cannot bypass RLS, create roles or databases', async () => {
    const [role] = await ctx.owner`select rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, rolinherit
                                   from pg_roles where rolname = 'authenticator'`
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false, rolinherit: false })
  })

  it('reads nothing on its own and cannot switch to the owner', async () => {
    await expect(ctx.db.pool`select * from public.accounts`).rejects.toMatchObject({ code: '42501' })
    await expect(ctx.db.pool.unsafe('set role postgres')).rejects.toMatchObject({ code: '42501' })
  })

  it('cannot read password hashes even as authenticated', async () => {
    await expect(
      ctx.db.asUser({ role: 'authenticated', sub: crypto.randomUUID(), aal: 'aal2' }, (tx) => tx`select * from private.password_credentials`),
    ).rejects.toMatchObject({ code: '42501' })
  })

  it('refuses roles other than anon and authenticated in asUser', () => {
    expect(() => ctx.db.asUser({ role: 'service_role' } as never, async () => 1)).toThrow(/not allowed/)
  })
})
