import type { Db } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import type { SessionInfo } from '../../_shared/session.ts'

/** The signed-in account as the account itself may read it (through RLS). */
export async function getCurrentAccount(db: Db, session: SessionInfo) {
  const [row] = await db.asUser(session.claims, (tx) => tx`
    select id, email, display_name as "displayName", kind, is_admin as "isAdmin", locale,
           mfa_deadline as "mfaDeadline"
    from public.accounts where id = ${session.accountId}`)
  if (!row) throw new AppError('second_factor_required', { status: 403, message: 'Set up a second factor first.' })
  return { ...row, aal: session.aal }
}
