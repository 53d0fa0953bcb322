import type postgres from 'postgres'

export type PepperRotationCounts = {
  sessions: number
  signInChallenges: number
  passwordResets: number
  invitations: number
  shareLinks: number
  guestSessions: number
  calendarFeeds: number
}

/**
 * What a new session pepper makes unusable, ended explicitly in ONE transaction of the owner
 * credential. Every token the portal hands out is stored only as HMAC-SHA-256 under the pepper
 * (functions/_shared/session.ts hashToken); the tokens themselves are never stored, so nothing
 * can be re-hashed under a new pepper. Ended: all sessions (everyone signs in again), sign-in
 * and step-up challenges, open password-reset links, open invitations (staff send them again),
 * active share and upload links (revoked: the creators see "widerrufen" and create new ones),
 * guest sessions and the staff's calendar feed addresses. Returns the counts; the caller
 * installs the new pepper after the commit.
 */
export async function endPepperBoundTokens(owner: postgres.Sql, options: { dryRun?: boolean } = {}): Promise<PepperRotationCounts> {
  let counted: PepperRotationCounts | undefined
  try {
    return await runRotation(owner, options.dryRun ? (counts) => ((counted = counts), Promise.reject(DRY_RUN)) : undefined)
  } catch (err) {
    if (err === DRY_RUN && counted) return counted
    throw err
  }
}

/** Thrown inside the transaction of a dry run, so that it rolls back after counting. */
const DRY_RUN = Symbol('dry run')

async function runRotation(owner: postgres.Sql, beforeCommit?: (counts: PepperRotationCounts) => Promise<never>): Promise<PepperRotationCounts> {
  return (await owner.begin(async (tx) => {
    const count = async (query: PromiseLike<readonly unknown[]>) => (await query).length
    const optional = async (table: string, sql: string) => {
      const [row] = await tx`select to_regclass(${table}) as t`
      return row!.t ? (await tx.unsafe(sql)).length : 0
    }
    const counts: PepperRotationCounts = {
      sessions: await count(tx`update public.sessions set revoked_at = now() where revoked_at is null and expires_at > now() returning id`),
      signInChallenges: await count(tx`delete from private.sign_in_challenges returning id`),
      passwordResets: await count(tx`delete from private.password_resets where used_at is null returning id`),
      invitations: await count(tx`update public.invitations set revoked_at = now() where accepted_at is null and revoked_at is null and expires_at > now() returning id`),
      shareLinks: await count(tx`update public.shares set revoked_at = now() where revoked_at is null and expires_at > now() returning id`),
      guestSessions: await count(tx`delete from private.share_sessions returning share_id`),
      calendarFeeds: await optional('private.appointment_feeds', 'delete from private.appointment_feeds returning staff_id'),
    }
    if (beforeCommit) await beforeCommit(counts)
    return counts
  })) as PepperRotationCounts
}
