import type { Tx } from './db.ts'

/** What every audited request contributes: the trusted client IP, the request id, the origin. */
export type RequestMeta = { ip: string; requestId: string; userAgent?: string; origin: string }

export type AuditEntry = {
  actorId: string | null
  onBehalfOf?: string | null
  clientId?: string | null
  action: string
  result?: 'ok' | 'denied' | 'failed'
  objectType?: string
  objectId?: string
  detail?: Record<string, unknown>
}

/**
 * Appends one entry to the audit trail in the caller's transaction. For actions in a client's
 * area by a delegate, on_behalf_of names the member who granted the access.
 */
export async function audit(tx: Tx, entry: AuditEntry, meta: RequestMeta): Promise<void> {
  await tx`insert into public.audit_log (actor_id, on_behalf_of, client_id, object_type, object_id, action, result, source_ip, request_id, detail)
           values (${entry.actorId},
                   coalesce(${entry.onBehalfOf ?? null}::uuid, (
                     -- A delegate acts on behalf of the client member who granted the access.
                     select m.granted_by from public.client_members m join public.accounts g on g.id = m.granted_by
                     where m.client_id = ${entry.clientId ?? null}::uuid and m.account_id = ${entry.actorId}::uuid and g.kind <> 'staff')),
                   ${entry.clientId ?? null}, ${entry.objectType ?? null}, ${entry.objectId ?? null},
                   ${entry.action}, ${entry.result ?? 'ok'}, ${meta.ip}, ${meta.requestId}, ${tx.json((entry.detail ?? {}) as never)})`
}
