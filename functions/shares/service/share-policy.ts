import type { Db } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import type { SessionInfo } from '../../_shared/session.ts'

/**
 * What the "Teilen" dialog offers the caller for a client: whether they may share at all (staff of
 * the client, or a client user with shares.create) and the admin's limits. The limits that apply
 * to the caller are maxDays (and requirePassword) — for client users the client limits.
 */
export async function getSharePolicy(db: Db, session: SessionInfo, clientId: string) {
  return db.asUser(session.claims, async (tx) => {
    const [row] = await tx`
      select coalesce(s.share_max_days, 30) as share_max_days, coalesce(s.client_share_require_password, true) as client_share_require_password,
             coalesce(s.client_share_max_days, 14) as client_share_max_days,
             private.is_client_staff(${clientId}) as staff,
             ${clientId}::uuid = any(private.client_ids_with('shares.create')) as entitled
      from (select 1) x left join public.firm_settings s on s.id = 1`
    if (!row) throw new AppError('not_found', { status: 404, message: 'Not found.' })
    const firm = row.staff as boolean
    const maxDays = row.share_max_days as number
    const clientMaxDays = Math.min(maxDays, row.client_share_max_days as number)
    return {
      canShare: firm || (row.entitled as boolean),
      defaultDays: Math.min(7, firm ? maxDays : clientMaxDays),
      maxDays: firm ? maxDays : clientMaxDays,
      requirePassword: !firm && (row.client_share_require_password as boolean),
      maxDaysForClients: clientMaxDays,
      // What applies to links created by clients (the Teilen dialog tells staff, too).
      clientRequirePassword: row.client_share_require_password as boolean,
    }
  })
}

/**
 * The firm's share rules as the admin screen shows them, whether the caller may change them
 * (admins) and whether a logo is set for the guest page. Every signed-in person may read them.
 */
export async function getShareSettings(db: Db, session: SessionInfo) {
  return db.asUser(session.claims, async (tx) => {
    const [row] = await tx`
      select coalesce(s.share_max_days, 30) as share_max_days, coalesce(s.client_share_require_password, true) as client_share_require_password,
             coalesce(s.client_share_max_days, 14) as client_share_max_days, private.is_admin() as admin,
             (select l.updated_at from public.firm_logo l where l.id = 1) as logo_at
      from (select 1) x left join public.firm_settings s on s.id = 1`
    return {
      maxDays: row!.share_max_days as number,
      clientRequirePassword: row!.client_share_require_password as boolean,
      clientMaxDays: row!.client_share_max_days as number,
      canEdit: row!.admin as boolean,
      logoUpdatedAt: row!.logo_at ? (row!.logo_at as Date).toISOString() : null,
    }
  })
}

/**
 * Admins change the share policy; for anyone else the update touches no row (not_found). The
 * clients' longest expiry may not exceed the firm's (client_days_exceed_max; nothing changes).
 */
export async function updateSharePolicy(db: Db, session: SessionInfo, patch: { maxDays?: number; clientRequirePassword?: boolean; clientMaxDays?: number }) {
  return db.asUser(session.claims, async (tx) => {
    const rows = await tx`
      update public.firm_settings set
        share_max_days = coalesce(${patch.maxDays ?? null}::int, share_max_days),
        client_share_require_password = coalesce(${patch.clientRequirePassword ?? null}::boolean, client_share_require_password),
        client_share_max_days = coalesce(${patch.clientMaxDays ?? null}::int, client_share_max_days),
        updated_at = now()
      where id = 1 returning share_max_days, client_share_require_password, client_share_max_days`
    if (!rows[0]) throw new AppError('not_found', { status: 404, message: 'Not found.' })
    if ((rows[0].client_share_max_days as number) > (rows[0].share_max_days as number))
      throw new AppError('client_days_exceed_max', { status: 422, message: 'The clients\' longest expiry may not exceed the firm\'s.', data: { maxDays: rows[0].share_max_days } })
    return { maxDays: rows[0].share_max_days as number, clientRequirePassword: rows[0].client_share_require_password as boolean, clientMaxDays: rows[0].client_share_max_days as number }
  })
}
