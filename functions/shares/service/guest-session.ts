import type { Context } from 'hono'
import type { Claims } from '../../_shared/db.ts'
import { hashToken } from '../../_shared/session.ts'
import { asServiceRole } from '../../_shared/privileged.ts'
import { runtime } from '../../_shared/runtime.ts'
import { guestToken } from '../lib/guest-cookie.ts'

export type GuestSession = { sessionId: string; shareId: string; verified: boolean; claims: Claims }

/**
 * Resolves the guest cookie to its session: the share it is scoped to and whether the recipient
 * has confirmed. Whether the share may still be used is NOT decided here but by the policies on
 * every read (private.guest_share_id), so revocation and expiry act on the next request.
 */
export async function resolveGuestSession(c: Context): Promise<GuestSession | undefined> {
  const token = guestToken(c)
  if (!token) return undefined
  // Privileged: a guest has no identity until its session is found.
  const rows = await asServiceRole(runtime().db, 'guest session resolution', (tx) =>
    tx`select id, share_id, verified_at is not null as verified from private.share_sessions
       where token_hash = ${hashToken(token)} and expires_at > now()`)
  const row = rows[0]
  if (!row) return undefined
  return {
    sessionId: row.id as string,
    shareId: row.share_id as string,
    verified: row.verified as boolean,
    claims: { role: 'anon', share_id: row.share_id as string, session_id: row.id as string },
  }
}
