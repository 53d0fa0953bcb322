import type { Tx } from './db.ts'

/** What every audited request contributes: the trusted client IP, the request id, the origin. */
export type RequestMeta = { ip: string; requestId: string; userAgent?: string; origin: string }

export type AuditEntry = {
  actorId: string | null
  onBehalfOf?: string | null
  action: string
  result?: 'ok' | 'denied' | 'failed'
  objectType?: string
  objectId?: string
  detail?: Record<string, unknown>
}

/** Appends one entry to the audit trail in the caller's transaction. */
export async function audit(tx: Tx, entry: AuditEntry, meta: RequestMeta): Promise<void> {
  await tx`insert into public.audit_log (actor_id, on_behalf_of, object_type, object_id, action, result, source_ip, request_id, detail)
           values (${entry.actorId}, ${entry.onBehalfOf ?? null}, ${entry.objectType ?? null}, ${entry.objectId ?? null},
                   ${entry.action}, ${entry.result ?? 'ok'}, ${meta.ip}, ${meta.requestId}, ${tx.json((entry.detail ?? {}) as never)})`
}
