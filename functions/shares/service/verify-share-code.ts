import type { RequestMeta } from '../../_shared/audit.ts'
import { safeEqual } from '../../_shared/crypto.ts'
import { AppError } from '../../_shared/errors.ts'
import { asServiceRole } from '../../_shared/privileged.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import { hashToken } from '../../_shared/session.ts'
import { CODE_ATTEMPTS } from './open-share.ts'
import { recordOpened } from './record-opened.ts'

/**
 * Confirms a pending guest session with the code mailed to the recipient. At most five attempts
 * per code, counted atomically; then, or after ten minutes, the session is dead (not_found).
 */
export async function verifyShareCode(rt: Runtime, sessionId: string, code: string, meta: RequestMeta) {
  // Privileged: part of the share-link redemption (the guest is not confirmed yet).
  const ok = await asServiceRole(rt.db, 'share-link redemption', async (tx) => {
    const [row] = await tx`
      update private.share_sessions g set code_attempts = code_attempts + 1
      from public.shares s
      where g.id = ${sessionId} and s.id = g.share_id and g.verified_at is null and g.code_expires_at > now()
        and g.code_attempts < ${CODE_ATTEMPTS} and s.revoked_at is null and s.expires_at > now()
      returning g.code_hash, g.share_id`
    if (!row) return undefined
    if (!safeEqual((row.code_hash as Buffer).toString('hex'), hashToken(`share-code:${code}`).toString('hex'))) return false
    await tx`update private.share_sessions set verified_at = now(), code_hash = null where id = ${sessionId}`
    await recordOpened(tx, row.share_id as string, meta)
    return true
  })
  if (ok === undefined) throw new AppError('not_found', { status: 404, message: 'Not found.' })
  if (!ok) throw new AppError('code_wrong', { status: 401, message: 'The code is not correct.' })
  return { step: 'open' as const }
}
