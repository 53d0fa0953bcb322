import type { DomainExporter } from './types.ts'

/** The audit trail of the client's area (every entry recorded with this client). */
export const auditExporter: DomainExporter = {
  domain: 'audit',
  async collect({ tx, clientId }) {
    const rows = await tx`select a.id, a.at, a.actor_id, acc.display_name as actor_name, a.on_behalf_of, a.object_type, a.object_id,
                                 a.action, a.result, host(a.source_ip) as source_ip, a.request_id, a.detail
                          from public.audit_log a left join public.accounts acc on acc.id = a.actor_id
                          where a.client_id = ${clientId} order by a.id`
    return [{ path: 'protokoll/protokoll.json', json: rows }]
  },
}
