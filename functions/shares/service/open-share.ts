import { randomInt } from 'node:crypto'
import { audit, type RequestMeta } from '../../_shared/audit.ts'
import { throttleKey } from '../../_shared/client-ip.ts'
import { randomToken } from '../../_shared/crypto.ts'
import { AppError } from '../../_shared/errors.ts'
import { enqueueMail } from '../../_shared/mail/outbox.ts'
import { verifyPassword } from '../../_shared/password-hash.ts'
import { asServiceRole } from '../../_shared/privileged.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import { hashToken } from '../../_shared/session.ts'
import { releaseAttempt, reserveAttempt, type ThrottleRule } from '../../_shared/throttle.ts'
import { emailHint, recordOpened } from './record-opened.ts'

/** Wrong passwords per link: five free, then a growing delay, at most 100 an hour. */
export const TOKEN_RULE: ThrottleRule = { maxPerWindow: 100, freeFailures: 5, maxDelayMs: 15 * 60_000 }
/** Unknown tokens and wrong passwords per client address (IPv6: per /64): a flat hourly budget. */
export const ipRule = (max: number): ThrottleRule => ({ maxPerWindow: max, freeFailures: max, maxDelayMs: 0 })

export const CODE_MINUTES = 10
export const CODE_ATTEMPTS = 5

export type OpenResult =
  | { step: 'password' }
  | { step: 'email_code'; emailHint: string; cookie: { token: string; maxAgeSeconds: number } }
  | { step: 'open'; cookie: { token: string; maxAgeSeconds: number } }

const notFound = () => new AppError('not_found', { status: 404, message: 'Not found.' })
const rateLimited = () => new AppError('rate_limited', { status: 429, message: 'Too many attempts. Please try again later.' })

/**
 * Redeems a share link. Unknown, expired, revoked and exhausted tokens answer the same not_found
 * and count against the client address; wrong passwords count against the link and the address
 * (rate_limited once a budget is spent, whatever X-Forwarded-For says: the address is the trusted
 * one of request-meta). A valid link yields a guest session scoped to the share — verified at
 * once, or after the e-mail code when the recipient must confirm.
 */
export async function openShare(rt: Runtime, input: { token: string; password?: string }, meta: RequestMeta): Promise<OpenResult> {
  const now = rt.now()
  const ipKey = `share-ip:${throttleKey(meta.ip)}`
  const tokenHash = hashToken(input.token)
  // Privileged: the guest has no identity; the token is the credential being checked.
  const found = await asServiceRole(rt.db, 'share-link redemption', async (tx) => {
    const ip = await reserveAttempt(tx, ipKey, ipRule(rt.config.SHARE_GUESSES_PER_IP_HOUR), now)
    if (!ip.allowed) return { blocked: true as const }
    const [share] = await tx`
      select id, client_id, password_hash, recipient_email, require_email_code, expires_at from public.shares
      where token_hash = ${tokenHash} and revoked_at is null and expires_at > now()
        and (max_downloads is null or downloads < max_downloads)
        -- An upload link that took its last file is exhausted too (open guest sessions still
        -- see their own uploads and that no more are taken).
        and (max_files is null or uploads < max_files)`
    if (!share) return { share: undefined }
    if (!share.password_hash || !input.password) {
      await releaseAttempt(tx, ipKey)
      return { share }
    }
    const perToken = await reserveAttempt(tx, `share-token:${tokenHash.toString('hex')}`, TOKEN_RULE, now)
    if (!perToken.allowed) return { blocked: true as const }
    return { share }
  })
  if ('blocked' in found) throw rateLimited()
  const share = found.share
  if (!share) throw notFound()
  if (share.password_hash) {
    if (!input.password) return { step: 'password' }
    if (!(await verifyPassword(share.password_hash as string, input.password))) {
      await asServiceRole(rt.db, 'share-link redemption', async (tx) => {
        await tx`insert into public.share_accesses (share_id, client_id, ip, action) values (${share.id}, ${share.client_id}, ${meta.ip}::inet, 'denied')`
        await audit(tx, { actorId: null, clientId: share.client_id as string, action: 'share.password_failed', result: 'denied', objectType: 'share', objectId: share.id as string }, meta)
      })
      throw new AppError('password_wrong', { status: 401, message: 'The password is not correct.' })
    }
  }
  return asServiceRole(rt.db, 'share-link redemption', async (tx) => {
    if (share.password_hash) {
      await releaseAttempt(tx, ipKey)
      await releaseAttempt(tx, `share-token:${tokenHash.toString('hex')}`)
    }
    const token = randomToken(32)
    const expires = new Date(Math.min((share.expires_at as Date).getTime(), Date.now() + rt.config.SESSION_ABSOLUTE_HOURS * 3600_000))
    const maxAgeSeconds = (expires.getTime() - Date.now()) / 1000
    if (share.require_email_code) {
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0')
      const [session] = await tx`
        insert into private.share_sessions (share_id, token_hash, expires_at, code_hash, code_expires_at)
        values (${share.id}, ${hashToken(token)}, ${expires}, ${hashToken(`share-code:${code}`)}, now() + make_interval(mins => ${CODE_MINUTES}))
        returning id`
      const [firm] = await tx`select firm_name from public.firm_settings where id = 1`
      await enqueueMail(tx, { to: share.recipient_email as string, template: 'share-code', locale: 'de', params: { name: share.recipient_email as string, firmName: (firm?.firm_name as string) ?? 'Kanzlei', code } })
      await audit(tx, { actorId: null, clientId: share.client_id as string, action: 'share.code_sent', objectType: 'share', objectId: share.id as string, detail: { session: session!.id } }, meta)
      return { step: 'email_code' as const, emailHint: emailHint(share.recipient_email as string), cookie: { token, maxAgeSeconds } }
    }
    await tx`insert into private.share_sessions (share_id, token_hash, expires_at, verified_at) values (${share.id}, ${hashToken(token)}, ${expires}, now())`
    await recordOpened(tx, share.id as string, meta)
    return { step: 'open' as const, cookie: { token, maxAgeSeconds } }
  })
}
