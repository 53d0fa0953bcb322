import type { DomainExporter } from './types.ts'

/** Share and upload links of the client with what they shared and their access log (no token or password hashes). */
export const sharesExporter: DomainExporter = {
  domain: 'shares',
  async collect({ tx, clientId }) {
    const shares = await tx`select id, kind, group_id, project_id, request_id, title, created_by, created_at, expires_at, max_downloads, downloads,
                                   max_file_bytes, max_files, uploads, recipient_email, require_email_code, notify_on_first_access,
                                   first_accessed_at, last_access_at, note, revoked_at, revoked_by
                            from public.shares where client_id = ${clientId} order by created_at`
    const ids = shares.map((s) => s.id as string)
    const items = ids.length ? await tx`select * from public.share_items where share_id = any(${ids}::uuid[])` : []
    const accesses = ids.length ? await tx`select id, share_id, at, host(ip) as ip, action, document_id, filename from public.share_accesses where share_id = any(${ids}::uuid[]) order by id` : []
    const SECRET = new Set(['token_hash', 'password_hash', 'code_hash'])
    const clean = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).filter(([k, v]) => !SECRET.has(k) && !Buffer.isBuffer(v)))
    return [
      {
        path: 'freigaben/freigaben.json',
        json: shares.map((s) => ({ ...clean(s), items: items.filter((i) => i.share_id === s.id).map(clean), accesses: accesses.filter((a) => a.share_id === s.id).map(clean) })),
      },
    ]
  },
}
