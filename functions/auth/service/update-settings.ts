import { audit, type RequestMeta } from '../../_shared/audit.ts'
import { AppError } from '../../_shared/errors.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'

/** The firm's security switches (admins only, by policy): e.g. the e-mail factor for everyone. */
export async function updateSettings(rt: Runtime, session: SessionInfo, input: { emailFactorEnabled: boolean }, meta: RequestMeta) {
  return rt.db.asUser(session.claims, async (tx) => {
    const rows = await tx`update public.firm_settings set email_factor_enabled = ${input.emailFactorEnabled}, updated_at = ${rt.now()}
                          where id = 1 returning email_factor_enabled as "emailFactorEnabled"`
    if (!rows.length) throw new AppError('forbidden', { status: 403, message: 'Only an administrator can change this.' })
    await audit(tx, { actorId: session.accountId, action: 'settings.changed', detail: input }, meta)
    return rows[0]
  })
}

/** The settings a signed-in user may read. */
export async function getSettings(rt: Runtime, session: SessionInfo) {
  const [row] = await rt.db.asUser(session.claims, (tx) => tx`select firm_name as "firmName", email_factor_enabled as "emailFactorEnabled" from public.firm_settings where id = 1`)
  return row ?? { firmName: '', emailFactorEnabled: true }
}
