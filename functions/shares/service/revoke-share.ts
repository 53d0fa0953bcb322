import { audit, type RequestMeta } from '../../_shared/audit.ts'
import type { Db } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import type { SessionInfo } from '../../_shared/session.ts'

/**
 * Revokes a share (its creator or the client's staff; anyone else gets not_found). Open guest
 * sessions stop working on their next request: every guest read checks the share in SQL.
 * Revoking twice keeps the first revocation.
 */
export async function revokeShare(db: Db, session: SessionInfo, id: string, meta: RequestMeta) {
  return db.asUser(session.claims, async (tx) => {
    const rows = await tx`update public.shares set revoked_at = coalesce(revoked_at, now()), revoked_by = ${session.accountId}
                          where id = ${id} returning client_id, revoked_by`
    if (!rows[0]) throw new AppError('not_found', { status: 404, message: 'Not found.' })
    await audit(tx, { actorId: session.accountId, clientId: rows[0].client_id as string, action: 'share.revoked', objectType: 'share', objectId: id }, meta)
    return { revoked: true as const }
  })
}
