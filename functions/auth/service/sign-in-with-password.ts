import { randomToken } from '../../_shared/crypto.ts'
import { AppError } from '../../_shared/errors.ts'
import { enqueueMail } from '../../_shared/mail/outbox.ts'
import { hashPassword, needsRehash, verifyPassword } from '../../_shared/password-hash.ts'
import { asServiceRole } from '../../_shared/privileged.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import { createSession, hashToken } from '../../_shared/session.ts'
import { claimLockNotice, clearThrottle, releaseAttempt, reserveAttempt } from '../../_shared/throttle.ts'
import { ACCOUNT_CAP_RULE, ACCOUNT_RULE, IP_RULE, LOCK_NOTICE_AT, accountFromKey, accountKey, ipKey } from '../lib/throttle-rules.ts'
import { audit, type RequestMeta } from '../../_shared/audit.ts'

export type PasswordStepResult =
  | { next: 'done'; token: string; aal: 'aal1' }
  | { next: 'second_factor'; challengeToken: string; methods: ('totp' | 'email' | 'recovery')[] }

/** Counts verifications against real hashes (tests assert the limiter holds). */
export const signInStats = { evaluated: 0 }

let dummyHash: Promise<string> | undefined
/** A hash of a random password, so unknown accounts cost the same time as known ones. */
const dummy = () => (dummyHash ??= hashPassword(randomToken(24)))

export const CHALLENGE_MINUTES = 10

const invalid = () =>
  new AppError('invalid_credentials', {
    status: 401,
    message: 'E-mail or password is wrong, or there were too many attempts; please wait a few minutes.',
  })

/**
 * The password step. Unknown, disabled, throttled and wrong-password attempts all end in the
 * same invalid_credentials after one Argon2id verification. Success yields a challenge for the
 * second factor, or (no factor enrolled yet) an aal1 session. Throws rate_limited for an IP that
 * exhausted its attempts.
 */
export async function signInWithPassword(rt: Runtime, input: { email: string; password: string }, meta: RequestMeta): Promise<PasswordStepResult> {
  const now = rt.now()
  const aKey = accountKey(input.email)
  const fromKey = accountFromKey(input.email, meta.ip)
  const iKey = ipKey(meta.ip)
  // Privileged: nobody is signed in yet; the attempt is reserved (and committed) before the check.
  const { ip, account, row } = await asServiceRole(rt.db, 'sign-in', async (tx) => {
    const ip = await reserveAttempt(tx, iKey, IP_RULE, now)
    if (!ip.allowed) return { ip, account: undefined, row: undefined }
    // The per-address delay first: attempts it refuses do not count against the account's cap.
    const from = await reserveAttempt(tx, fromKey, ACCOUNT_RULE, now)
    const account = from.allowed ? await reserveAttempt(tx, aKey, ACCOUNT_CAP_RULE, now) : { allowed: false, failures: 0 }
    const [row] = await tx`
      select a.id, a.email, a.locale, a.display_name, a.disabled_at, c.hash,
             coalesce(array_agg(f.kind) filter (where f.verified_at is not null), '{}') as kinds,
             (select email_factor_enabled from public.firm_settings where id = 1) as email_enabled
      from public.accounts a left join private.password_credentials c on c.account_id = a.id
      left join public.mfa_factors f on f.account_id = a.id
      where lower(a.email) = ${input.email.trim().toLowerCase()}
      group by a.id, c.hash`
    return { ip, account, row }
  })
  if (!ip.allowed) throw new AppError('rate_limited', { status: 429, message: 'Too many attempts from your network. Please try again later.' })

  const usable = account!.allowed && row && !row.disabled_at && row.hash
  if (usable) signInStats.evaluated++
  const ok = await verifyPassword(usable ? (row.hash as string) : await dummy(), input.password)

  if (!ok || !usable) {
    await asServiceRole(rt.db, 'sign-in', async (tx) => {
      const reason = !row ? 'unknown_account' : row.disabled_at ? 'disabled' : !account!.allowed ? 'throttled' : 'wrong_password'
      await audit(tx, { actorId: row?.id ?? null, action: 'sign_in.failed', result: 'failed', detail: { reason } }, meta)
      if (row && account!.failures >= LOCK_NOTICE_AT && (await claimLockNotice(tx, aKey, now))) {
        await audit(tx, { actorId: row.id, action: 'sign_in.locked', result: 'denied' }, meta)
        await enqueueMail(tx, { to: row.email, template: 'account-locked', locale: row.locale, params: { name: row.display_name, link: `${meta.origin}/passwort-vergessen` } })
      }
    })
    throw invalid()
  }

  return asServiceRole(rt.db, 'sign-in', async (tx) => {
    await clearThrottle(tx, fromKey)
    await releaseAttempt(tx, aKey)
    await releaseAttempt(tx, iKey)
    if (needsRehash(row.hash)) {
      await tx`update private.password_credentials set hash = ${await hashPassword(input.password)} where account_id = ${row.id}`
    }
    const kinds = (row.kinds as string[]).filter((k) => k !== 'email' || row.email_enabled)
    if ((row.kinds as string[]).length > 0) {
      const challengeToken = randomToken(32)
      await tx`insert into private.sign_in_challenges (token_hash, account_id, expires_at, user_agent, ip)
               values (${hashToken(challengeToken)}, ${row.id}, ${new Date(now.getTime() + CHALLENGE_MINUTES * 60_000)}, ${meta.userAgent ?? null}, ${meta.ip})`
      await audit(tx, { actorId: row.id, action: 'sign_in.password_ok' }, meta)
      const methods = [...new Set(kinds), 'recovery'] as ('totp' | 'email' | 'recovery')[]
      return { next: 'second_factor' as const, challengeToken, methods }
    }
    await tx`update public.accounts set last_sign_in_at = ${now} where id = ${row.id}`
    const { token } = await createSession(tx, { accountId: row.id, aal: 'aal1', amr: [{ method: 'password', timestamp: Math.floor(now.getTime() / 1000) }], userAgent: meta.userAgent, ip: meta.ip })
    await audit(tx, { actorId: row.id, action: 'sign_in.succeeded', detail: { aal: 'aal1' } }, meta)
    return { next: 'done' as const, token, aal: 'aal1' as const }
  })
}
