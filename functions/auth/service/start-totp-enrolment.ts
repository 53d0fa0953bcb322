import { seal } from '../../_shared/crypto.ts'
import { asServiceRole } from '../../_shared/privileged.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import { requireStepUpForMoreFactors } from '../lib/proof.ts'
import { newTotpSecret, totpEnrolment } from '../lib/totp.ts'

/**
 * Starts setting up an authenticator app: a new 160-bit secret, stored encrypted as an unverified
 * factor (replacing an earlier unfinished one). Returns the key as text, the otpauth URI and a
 * locally rendered QR code; the factor counts only after confirmFactor.
 */
export async function startTotpEnrolment(rt: Runtime, session: SessionInfo, label: string) {
  const secret = newTotpSecret()
  // Privileged: factor secrets are writable only by the enrolment path, never through a user's grants.
  const { id, firmName } = await asServiceRole(rt.db, 'factor enrolment', async (tx) => {
    await requireStepUpForMoreFactors(tx, session)
    await tx`delete from public.mfa_factors where account_id = ${session.accountId} and kind = 'totp' and verified_at is null`
    const [row] = await tx`insert into public.mfa_factors (account_id, kind, label, secret_ciphertext)
                           values (${session.accountId}, 'totp', ${label}, ${seal(rt.secrets.fileMasterKey, 'totp-secret', secret)})
                           returning id, (select firm_name from public.firm_settings where id = 1) as firm_name`
    return { id: row!.id as string, firmName: (row!.firm_name as string | null) ?? 'Mandantenportal' }
  })
  return { factorId: id, ...(await totpEnrolment(secret, firmName, session.email)) }
}
