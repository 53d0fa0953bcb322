import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Tx } from '../../../functions/_shared/db.ts'
import { buildAccessFixture, ITEMS, PEOPLE, type AccessFixture, type Person } from '../../helpers/access-fixture.ts'
import { ALLOWED, SEES_TEAM_A, VISIBLE_CLIENTS, VISIBLE_ITEMS, VISIBLE_PROJECTS } from '../../helpers/access-matrix.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'

let ctx: TestContext
let f: AccessFixture
beforeAll(async () => {
  ctx = await createTestContext()
  f = await buildAccessFixture(ctx)
})
afterAll(() => ctx.close())

const ROLLBACK = Symbol('rollback')
/** Runs a change as the person and rolls it back; allowed = it succeeded and touched a row. */
async function attempt(person: Person, change: (tx: Tx) => Promise<readonly unknown[]>): Promise<boolean> {
  let allowed = false
  try {
    await ctx.db.asUser(f.people[person].claims, async (tx) => {
      allowed = (await change(tx)).length > 0
      throw ROLLBACK
    })
  } catch (err) {
    if (err !== ROLLBACK && (err as { code?: string }).code !== '42501') throw err
  }
  return allowed
}

const ACTIONS: Record<string, (tx: Tx, who: Person) => Promise<readonly unknown[]>> = {
  'create client document': (tx, who) =>
    tx`insert into public.items (kind, client_id, audience, title, created_by) values ('document', ${f.clients.a}, 'client', 'Neu', ${f.people[who].id}) returning id`,
  'create project document': (tx, who) =>
    tx`insert into public.items (kind, client_id, project_id, audience, title, created_by) values ('document', ${f.clients.a}, ${f.projects.a}, 'project', 'Neu', ${f.people[who].id}) returning id`,
  'create document for named people in the project': (tx, who) =>
    tx`insert into public.items (kind, client_id, project_id, audience, title, created_by) values ('document', ${f.clients.a}, ${f.projects.a}, 'people', 'Neu', ${f.people[who].id}) returning id`,
  'create internal item': (tx, who) =>
    tx`insert into public.items (kind, client_id, audience, title, created_by) values ('document', ${f.clients.a}, 'internal', 'Neu', ${f.people[who].id}) returning id`,
  'create info page': (tx, who) =>
    tx`insert into public.items (kind, client_id, audience, title, created_by) values ('info_page', ${f.clients.a}, 'client', 'Neu', ${f.people[who].id}) returning id`,
  'update item': (tx) => tx`update public.items set title = 'Geändert' where id = ${f.items.a_client_doc} returning id`,
  'widen item audience': (tx) => tx`update public.items set audience = 'client' where id = ${f.items.a_internal} returning id`,
  'delete item': (tx) => tx`delete from public.items where id = ${f.items.a_client_doc} returning id`,
  'invite member': (tx, who) =>
    tx`insert into public.client_members (client_id, account_id, role, granted_by) values (${f.clients.a}, ${f.people.outsider.id}, 'member', ${f.people[who].id}) returning id`,
  'create project': (tx, who) =>
    tx`insert into public.projects (client_id, name, created_by) values (${f.clients.a}, 'Neues Mandat', ${f.people[who].id}) returning id`,
  'add outside participant': (tx, who) =>
    tx`insert into public.project_participants (project_id, client_id, account_id, kind, invited_by) values (${f.projects.a}, ${f.clients.a}, ${f.people.outsider.id}, 'outside', ${f.people[who].id}) returning project_id`,
}

const named = (ids: Record<string, string>, rows: { id: string }[]) =>
  rows.map((r) => Object.entries(ids).find(([, id]) => id === r.id)?.[0] ?? r.id).sort()

describe('access matrix in SQL (each person with their own claims)', () => {
  it.each(PEOPLE.map((p) => [p]))('%s lists exactly the items meant for them', async (person) => {
    const rows = await ctx.db.asUser(f.people[person].claims, (tx) => tx`select id from public.items`)
    expect(named(f.items, rows as never)).toEqual([...VISIBLE_ITEMS[person]].sort())
  })

  it.each(PEOPLE.flatMap((p) => ITEMS.map((i) => [p, i] as const)))('%s reading %s', async (person, item) => {
    const rows = await ctx.db.asUser(f.people[person].claims, (tx) => tx`select id, title from public.items where id = ${f.items[item]}`)
    expect(rows.length === 1).toBe(VISIBLE_ITEMS[person].includes(item))
  })

  it.each(PEOPLE.map((p) => [p]))('%s lists the clients and projects they belong to', async (person) => {
    const clients = await ctx.db.asUser(f.people[person].claims, (tx) => tx`select id from public.clients`)
    expect(named(f.clients, clients as never)).toEqual(VISIBLE_CLIENTS[person])
    const projects = await ctx.db.asUser(f.people[person].claims, (tx) => tx`select id from public.projects`)
    expect(named(f.projects, projects as never)).toEqual(VISIBLE_PROJECTS[person])
  })

  it.each(PEOPLE.map((p) => [p]))('%s sees client A’s team or nothing of it', async (person) => {
    const rows = await ctx.db.asUser(f.people[person].claims, (tx) => tx`select id from public.client_members where client_id = ${f.clients.a}`)
    expect(rows.length).toBe(SEES_TEAM_A.includes(person) ? 5 : 0)
  })

  it.each(Object.keys(ALLOWED).flatMap((action) => PEOPLE.map((p) => [action, p] as const)))('%s as %s', async (action, person) => {
    expect(await attempt(person, (tx) => ACTIONS[action]!(tx, person))).toBe(ALLOWED[action]!.includes(person))
  })

  it('a guest without an account reads nothing', async () => {
    // Items are readable by a guest session of a share (policies/05-shares.sql); without one: no rows.
    await expect(ctx.db.asUser({ role: 'anon' }, (tx) => tx`select id from public.items`)).resolves.toHaveLength(0)
    await expect(ctx.db.asUser({ role: 'anon' }, (tx) => tx`select id from public.clients`)).rejects.toMatchObject({ code: '42501' })
  })
})

describe('rules that are not a single cell', () => {
  it('nobody moves an item to another client or project', async () => {
    for (const person of ['lawyer', 'clerk_a', 'client_a_owner'] as const) {
      await expect(ctx.db.asUser(f.people[person].claims, (tx) => tx`update public.items set client_id = ${f.clients.b} where id = ${f.items.a_client_doc}`))
        .rejects.toMatchObject({ code: '42501' })
      await expect(ctx.db.asUser(f.people[person].claims, (tx) => tx`update public.items set project_id = ${f.projects.b} where id = ${f.items.a_project_doc}`))
        .rejects.toMatchObject({ code: '42501' })
    }
  })

  it('a delegate cannot grant more than they hold', async () => {
    // The manager may grant a member, not an owner; never rights or an expiry beyond their own.
    const grant = (who: Person, role: string, rights: string[] | null, expires: Date | null) =>
      attempt(who, (tx) => tx`insert into public.client_members (client_id, account_id, role, rights, expires_at, granted_by)
                                values (${f.clients.a}, ${f.people.outsider.id}, ${role}, ${rights}, ${expires}, ${f.people[who].id}) returning id`)
    expect(await grant('client_a_manager', 'member', null, null)).toBe(true)
    expect(await grant('client_a_manager', 'owner', null, null)).toBe(false)
    // Give the manager an expiry and narrower rights for the next checks (rolled back afterwards).
    const narrowed = async (check: () => Promise<boolean>) => {
      await ctx.owner`update public.client_members set rights = ${['documents.read', 'members.manage']}, expires_at = ${new Date(Date.now() + 86_400_000)}
                      where id = ${f.memberships.client_a_manager}`
      try {
        return await check()
      } finally {
        await ctx.owner`update public.client_members set rights = null, expires_at = null where id = ${f.memberships.client_a_manager}`
      }
    }
    expect(await narrowed(() => grant('client_a_manager', 'viewer', ['documents.read'], new Date(Date.now() + 3600_000)))).toBe(true)
    expect(await narrowed(() => grant('client_a_manager', 'member', null, new Date(Date.now() + 3600_000)))).toBe(false)
    expect(await narrowed(() => grant('client_a_manager', 'viewer', ['documents.read'], null))).toBe(false)
    expect(await narrowed(() => grant('client_a_manager', 'viewer', ['documents.read'], new Date(Date.now() + 7 * 86_400_000)))).toBe(false)
  })

  it('a manager cannot change the owner’s membership or their own', async () => {
    expect(await attempt('client_a_manager', (tx) => tx`update public.client_members set revoked_at = now() where id = ${f.memberships.client_a_owner} returning id`)).toBe(false)
    expect(await attempt('client_a_manager', (tx) => tx`update public.client_members set role = 'owner' where id = ${f.memberships.client_a_manager} returning id`)).toBe(false)
    expect(await attempt('client_a_manager', (tx) => tx`update public.client_members set revoked_at = now() where id = ${f.memberships.client_a_viewer} returning id`)).toBe(true)
  })

  it('revocation and expiry take effect on the next statement', async () => {
    const see = async () => (await ctx.db.asUser(f.people.client_a_viewer.claims, (tx) => tx`select id from public.items`)).length
    expect(await see()).toBeGreaterThan(0)
    await ctx.owner`update public.client_members set revoked_at = now() where id = ${f.memberships.client_a_viewer}`
    expect(await see()).toBe(0)
    await ctx.owner`update public.client_members set revoked_at = null, expires_at = now() - interval '1 second' where id = ${f.memberships.client_a_viewer}`
    expect(await see()).toBe(0)
    await ctx.owner`update public.client_members set expires_at = null where id = ${f.memberships.client_a_viewer}`
    expect(await see()).toBeGreaterThan(0)
  })

  it('an outside participant sees nothing of the client but the project and what is addressed to them', async () => {
    const as = f.people.tax_adviser.claims
    expect(await ctx.db.asUser(as, (tx) => tx`select id from public.clients`)).toHaveLength(0)
    expect(await ctx.db.asUser(as, (tx) => tx`select id from public.client_members`)).toHaveLength(0)
    expect(await ctx.db.asUser(as, (tx) => tx`select account_id from public.project_participants`)).toEqual([{ account_id: f.people.tax_adviser.id }, { account_id: f.people.tax_adviser.id }])
    expect(await ctx.db.asUser(as, (tx) => tx`select id from public.accounts where kind <> 'staff'`)).toEqual([{ id: f.people.tax_adviser.id }])
  })

  it('recipients can only be people of the item’s client or project', async () => {
    const add = (who: Person, account: string) =>
      attempt(who, (tx) => tx`insert into public.item_recipients (item_id, account_id) values (${f.items.a_for_adviser}, ${account}) returning item_id`)
    expect(await add('clerk_a', f.people.client_a_member.id)).toBe(true)
    expect(await add('clerk_a', f.people.client_b_owner.id)).toBe(false)
    expect(await add('client_a_owner', f.people.client_a_member.id)).toBe(false)
  })
})

describe('the audit trail per client area', () => {
  it('owners and managers read their client’s entries; members and other clients do not', async () => {
    await ctx.owner`insert into public.audit_log (actor_id, client_id, action) values (${f.people.clerk_a.id}, ${f.clients.a}, 'test.in_a'),
                                                                                       (${f.people.lawyer.id}, ${f.clients.b}, 'test.in_b')`
    const actions = async (p: Person) =>
      (await ctx.db.asUser(f.people[p].claims, (tx) => tx`select action from public.audit_log where action like 'test.in_%'`)).map((r) => r.action).sort()
    expect(await actions('client_a_owner')).toEqual(['test.in_a'])
    expect(await actions('client_a_manager')).toEqual(['test.in_a'])
    expect(await actions('client_a_member')).toEqual([])
    expect(await actions('client_b_owner')).toEqual(['test.in_b'])
    expect(await actions('tax_adviser')).toEqual([])
  })
})

describe('project documents need the right to read documents', () => {
  it('a project participant without documents.read sees the project’s documents no more', async () => {
    const see = async () => (await ctx.db.asUser(f.people.client_a_member.claims, (tx) => tx`select id from public.items where id = ${f.items.a_project_doc}`)).length
    expect(await see()).toBe(1)
    await ctx.owner`update public.client_members set rights = ${['projects.read', 'messages.write']} where id = ${f.memberships.client_a_member}`
    try {
      expect(await see()).toBe(0)
    } finally {
      await ctx.owner`update public.client_members set rights = null where id = ${f.memberships.client_a_member}`
    }
  })
})
