import type { Db } from '../../_shared/db.ts'
import type { SessionInfo } from '../../_shared/session.ts'

/** The user's own security events (sign-ins, failures, factor and password changes), newest first. */
export async function listSecurityEvents(db: Db, session: SessionInfo, limit = 50) {
  return db.asUser(session.claims, (tx) => tx`
    select at, action, result, host(source_ip) as ip
    from public.audit_log
    where actor_id = ${session.accountId} and (action like 'sign_in.%' or action like 'factor.%' or action like 'password.%' or action like 'session.%')
    order by at desc limit ${limit}`)
}
