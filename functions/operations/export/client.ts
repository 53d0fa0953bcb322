import type { DomainExporter } from './types.ts'

/** The client, its people (members and outside participants) and its projects. */
export const clientExporter: DomainExporter = {
  domain: 'client',
  async collect({ tx, clientId }) {
    const [client] = await tx`select id, number, name, kind, created_at, archived_at, mandate_ended_at from public.clients where id = ${clientId}`
    const members = await tx`
      select m.id, m.role, m.rights, m.expires_at, m.revoked_at, m.created_at, m.accepted_at, m.invited_name, m.invited_email,
             a.id as account_id, a.email, a.display_name, a.kind, a.locale, a.created_at as account_created_at, a.last_sign_in_at, a.disabled_at
      from public.client_members m left join public.accounts a on a.id = m.account_id
      where m.client_id = ${clientId} order by m.created_at`
    const staff = await tx`select a.id, a.email, a.display_name, s.created_at as assigned_at
                           from public.client_staff s join public.accounts a on a.id = s.account_id where s.client_id = ${clientId}`
    const projects = await tx`select id, name, type, status, description, created_by, created_at from public.projects where client_id = ${clientId} order by created_at`
    const participants = await tx`
      select p.project_id, p.kind, p.created_at, p.revoked_at, a.id as account_id, a.email, a.display_name, a.kind as account_kind
      from public.project_participants p join public.accounts a on a.id = p.account_id
      where p.client_id = ${clientId} order by p.created_at`
    return [
      { path: 'mandant/mandant.json', json: client },
      { path: 'mandant/personen.json', json: members },
      { path: 'mandant/betreuung-kanzlei.json', json: staff },
      { path: 'mandant/projekte.json', json: projects.map((p) => ({ ...p, participants: participants.filter((x) => x.project_id === p.id) })) },
    ]
  },
}
