import type { Db, Tx } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import type { SessionInfo } from '../../_shared/session.ts'

type ShareRow = Record<string, unknown>

function status(row: ShareRow, now: Date): 'active' | 'expired' | 'revoked' | 'exhausted' {
  if (row.revoked_at) return 'revoked'
  if ((row.expires_at as Date) <= now) return 'expired'
  if (row.max_files !== null && row.max_files !== undefined && (row.uploads as number) >= (row.max_files as number)) return 'exhausted'
  if (row.max_downloads !== null && (row.downloads as number) >= (row.max_downloads as number)) return 'exhausted'
  return 'active'
}

async function selectShares(tx: Tx, filter: { clientId?: string; id?: string }) {
  // Row-level security leaves the caller's own shares and, for staff, all shares of their clients.
  const rows = await tx`
    select s.id, s.client_id, c.name as client_name, s.created_by, a.display_name as creator_name, s.created_at, s.expires_at, s.revoked_at,
           s.max_downloads, s.downloads, s.recipient_email, s.require_email_code, s.last_access_at, s.group_id, s.title,
           s.kind, s.project_id, s.request_id, s.max_file_bytes, s.max_files, s.uploads,
           private.share_has_password(s.id) as has_password, now() as db_now
    from public.shares s left join public.accounts a on a.id = s.created_by left join public.clients c on c.id = s.client_id
    where true ${filter.clientId ? tx`and s.client_id = ${filter.clientId}` : tx``} ${filter.id ? tx`and s.id = ${filter.id}` : tx``}
    order by s.created_at desc limit 500`
  const ids = rows.map((r) => r.id as string)
  const items = ids.length
    ? await tx`select si.share_id, 'document' as kind, si.document_id as id, coalesce(i.title, '') as title
               from public.share_items si left join public.items i on i.id = si.document_id where si.share_id = any(${ids}::uuid[])`
    : []
  return rows.map((r) => ({
    id: r.id as string,
    clientId: r.client_id as string,
    // The client as the caller sees it (staff: every client of theirs; a client user: its own).
    clientName: (r.client_name as string | null) ?? null,
    createdBy: { id: r.created_by as string, displayName: (r.creator_name as string) ?? '' },
    createdAt: (r.created_at as Date).toISOString(),
    expiresAt: (r.expires_at as Date).toISOString(),
    status: status(r, r.db_now as Date),
    hasPassword: Boolean(r.has_password),
    maxDownloads: (r.max_downloads as number | null) ?? null,
    downloads: r.downloads as number,
    recipientEmail: (r.recipient_email as string | null) ?? null,
    requireEmailCode: r.require_email_code as boolean,
    items: r.group_id
      ? [{ kind: 'group' as const, id: r.group_id as string, title: r.title as string }]
      : items.filter((i) => i.share_id === r.id).map((i) => ({ kind: 'document' as const, id: i.id as string, title: i.title as string })),
    lastAccessAt: r.last_access_at ? (r.last_access_at as Date).toISOString() : null,
    kind: r.kind as 'download' | 'upload',
    ...(r.kind === 'upload'
      ? {
          target: { projectId: (r.project_id as string | null) ?? null, requestId: (r.request_id as string | null) ?? null, title: r.title as string },
          maxFileBytes: r.max_file_bytes === null ? null : Number(r.max_file_bytes),
          maxFiles: (r.max_files as number | null) ?? null,
          uploads: r.uploads as number,
        }
      : {}),
  }))
}

/** The caller's own shares; staff see all shares of their clients (row-level security decides). */
export async function listShares(db: Db, session: SessionInfo, clientId?: string) {
  return db.asUser(session.claims, async (tx) => ({ shares: await selectShares(tx, { clientId }) }))
}

/** One share with its access log; not_found when the caller may not see it. */
export async function getShare(db: Db, session: SessionInfo, id: string) {
  return db.asUser(session.claims, async (tx) => {
    const [share] = await selectShares(tx, { id })
    if (!share) throw new AppError('not_found', { status: 404, message: 'Not found.' })
    // An upload link's files, with the guest's details (the documents policy decides what the caller sees).
    const received = share.kind === 'upload'
      ? await tx`select d.item_id, v.filename, v.size, v.media_type, d.guest_name, d.guest_email, v.created_at
                 from public.documents d join public.document_versions v on v.item_id = d.item_id and v.version = 1
                 where d.share_id = ${id} order by v.created_at, v.filename`
      : []
    const accesses = await tx`select at, host(ip) as ip, action, filename from public.share_accesses where share_id = ${id} order by at desc, id desc limit 1000`
    return {
      ...share,
      ...(share.kind === 'upload'
        ? { received: received.map((d) => ({ documentId: d.item_id as string, filename: d.filename as string, size: Number(d.size), mediaType: d.media_type as string, guestName: d.guest_name as string, guestEmail: d.guest_email as string, at: (d.created_at as Date).toISOString() })) }
        : {}),
      accesses: accesses.map((a) => ({ at: (a.at as Date).toISOString(), ip: (a.ip as string | null) ?? null, action: a.action as string, ...(a.filename ? { filename: a.filename as string } : {}) })),
    }
  })
}
