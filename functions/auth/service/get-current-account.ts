import type { SessionInfo } from '../../_shared/session.ts'

/**
 * Who is signed in, at which assurance level, and whether the grace period for the second
 * factor is over (then the web app shows only enrolment and sign-out).
 */
export function getCurrentAccount(session: SessionInfo, now: Date) {
  return {
    id: session.accountId,
    email: session.email,
    ...session.account,
    aal: session.aal,
    mfaDeadline: session.mfaDeadline.toISOString(),
    mustEnrol: session.aal !== 'aal2' && session.mfaDeadline <= now,
  }
}
