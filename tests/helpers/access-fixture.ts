import type { TestContext } from './context.ts'
import { createPersona, signInAs, type Persona } from './personas.ts'

export const PEOPLE = [
  'lawyer',
  'clerk_a',
  'client_a_owner',
  'client_a_manager',
  'client_a_member',
  'client_a_viewer',
  'client_a_delegate',
  'tax_adviser',
  'client_b_owner',
  'outsider',
] as const
export type Person = (typeof PEOPLE)[number]

export const ITEMS = ['a_client_doc', 'a_project_doc', 'a_for_adviser', 'a_internal', 'a_info_page', 'b_client_doc', 'b_for_adviser', 'group_page'] as const
export type ItemName = (typeof ITEMS)[number]

export type AccessFixture = {
  people: Record<Person, Persona>
  cookies: Record<Person, string>
  clients: { a: string; b: string }
  projects: { a: string; b: string }
  items: Record<ItemName, string>
  memberships: Record<string, string>
  group: string
}

/**
 * The access matrix world: two clients; for client A an owner, a manager, a member (project
 * participant), a viewer and a delegate (narrowed rights, expiring); a project per client with
 * the same outside participant (tax adviser); staff assigned to client A only; an admin; a person
 * without any client; items of every audience. Built directly in SQL as the owner.
 */
export async function buildAccessFixture(ctx: TestContext): Promise<AccessFixture> {
  const o = ctx.owner
  const p = {} as Record<Person, Persona>
  p.lawyer = await createPersona(ctx, 'lawyer', { kind: 'staff', admin: true })
  p.clerk_a = await createPersona(ctx, 'clerk_a', { kind: 'staff' })
  for (const name of ['client_a_owner', 'client_a_manager', 'client_a_member', 'client_a_viewer', 'client_a_delegate', 'client_b_owner', 'outsider'] as const)
    p[name] = await createPersona(ctx, name)
  p.tax_adviser = await createPersona(ctx, 'tax_adviser', { kind: 'external' })

  const [a] = await o`insert into public.clients (name, created_by) values ('Alpha GmbH', ${p.lawyer.id}) returning id`
  const [b] = await o`insert into public.clients (name, created_by) values ('Beta AG', ${p.lawyer.id}) returning id`
  const A = a!.id as string
  const B = b!.id as string
  await o`insert into public.client_staff (client_id, account_id) values (${A}, ${p.clerk_a.id})`
  const memberships: Record<string, string> = {}
  const member = async (client: string, who: Persona, role: string, rights: string[] | null, expires: Date | null, grantedBy: Persona) => {
    const [m] = await o`insert into public.client_members (client_id, account_id, role, rights, expires_at, granted_by, accepted_at)
                        values (${client}, ${who.id}, ${role}, ${rights}, ${expires}, ${grantedBy.id}, now()) returning id`
    memberships[who.name] = m!.id as string
  }
  await member(A, p.client_a_owner, 'owner', null, null, p.clerk_a)
  await member(A, p.client_a_manager, 'manager', null, null, p.client_a_owner)
  await member(A, p.client_a_member, 'member', null, null, p.client_a_manager)
  await member(A, p.client_a_viewer, 'viewer', null, null, p.client_a_manager)
  await member(A, p.client_a_delegate, 'member', ['documents.read'], new Date(Date.now() + 30 * 86_400_000), p.client_a_manager)
  await member(B, p.client_b_owner, 'owner', null, null, p.lawyer)

  const [pa] = await o`insert into public.projects (client_id, name, type, created_by) values (${A}, 'GmbH-Gründung', 'formation', ${p.clerk_a.id}) returning id`
  const [pb] = await o`insert into public.projects (client_id, name, type, created_by) values (${B}, 'Jahresabschluss', 'retainer', ${p.lawyer.id}) returning id`
  const PA = pa!.id as string
  const PB = pb!.id as string
  await o`insert into public.project_participants (project_id, client_id, account_id, kind, invited_by) values
          (${PA}, ${A}, ${p.client_a_member.id}, 'member', ${p.clerk_a.id}),
          (${PA}, ${A}, ${p.tax_adviser.id}, 'outside', ${p.clerk_a.id}),
          (${PB}, ${B}, ${p.tax_adviser.id}, 'outside', ${p.lawyer.id})`

  const [g] = await o`insert into public.client_groups (name) values ('GmbH-Gründer') returning id`
  await o`insert into public.client_group_members (group_id, client_id) values (${g!.id}, ${A})`

  const item = async (kind: string, client: string | null, project: string | null, audience: string, title: string, by: Persona, recipients: Persona[] = [], group: string | null = null) => {
    const [row] = await o`insert into public.items (kind, client_id, project_id, group_id, audience, title, created_by)
                          values (${kind}, ${client}, ${project}, ${group}, ${audience}, ${title}, ${by.id}) returning id`
    for (const r of recipients) await o`insert into public.item_recipients (item_id, account_id) values (${row!.id}, ${r.id})`
    if (kind === 'info_page') await o`insert into public.info_pages (item_id, body_markdown) values (${row!.id}, '# Hinweise')`
    return row!.id as string
  }
  const items: Record<ItemName, string> = {
    a_client_doc: await item('document', A, null, 'client', 'Gesellschaftsvertrag', p.clerk_a),
    a_project_doc: await item('document', A, PA, 'project', 'Gründungsplan', p.clerk_a),
    a_for_adviser: await item('document', A, PA, 'people', 'Eröffnungsbilanz', p.clerk_a, [p.tax_adviser]),
    a_internal: await item('document', A, null, 'internal', 'Aktennotiz', p.clerk_a),
    a_info_page: await item('info_page', A, null, 'client', 'Willkommen', p.clerk_a),
    b_client_doc: await item('document', B, null, 'client', 'Satzung', p.lawyer),
    b_for_adviser: await item('document', B, PB, 'people', 'Bilanz 2025', p.lawyer, [p.tax_adviser]),
    group_page: await item('info_page', null, null, 'group', 'Checkliste Gründung', p.lawyer, [], g!.id as string),
  }

  const cookies = {} as Record<Person, string>
  for (const name of PEOPLE) cookies[name] = await signInAs(ctx, p[name])
  return { people: p, cookies, clients: { a: A, b: B }, projects: { a: PA, b: PB }, items, memberships, group: g!.id as string }
}
