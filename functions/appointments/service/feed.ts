import { audit, type RequestMeta } from '../../_shared/audit.ts'
import { randomToken } from '../../_shared/crypto.ts'
import type { Db } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import { hashToken, type SessionInfo } from '../../_shared/session.ts'
import { feedIcs } from '../lib/ics.ts'
import { appointmentLink } from './notify.ts'

const PATH = '/functions/v1/appointments/feed.ics'
const notFound = () => new AppError('not_found', { status: 404, message: 'Not found.' })

/** Whether the caller has a feed, and since when (the URL itself is shown only once). */
export async function feedStatus(db: Db, session: SessionInfo) {
  return db.asUser(session.claims, async (tx) => {
    const [row] = await tx`select created_at as since, with_names as "withNames" from private.appointment_feed_exists()`
    return { active: Boolean(row), createdAt: row ? new Date(row.since as string).toISOString() : null, withNames: Boolean(row?.withNames) }
  })
}

/**
 * A new private feed URL for the calling staff member (replacing any earlier one, which stops
 * working at once). The 256-bit token travels in the query string (never in a logged path);
 * only its HMAC is stored.
 */
export async function createFeed(db: Db, session: SessionInfo, meta: RequestMeta, withNames = false) {
  const token = randomToken()
  await db.asUser(session.claims, async (tx) => {
    await tx`select private.set_appointment_feed(${hashToken(token)}, ${withNames})`
    await audit(tx, { actorId: session.accountId, action: 'appointment_feed.created', objectType: 'account', objectId: session.accountId, detail: { withNames } }, meta)
  })
  return { url: `${meta.origin}${PATH}?token=${token}` }
}

/** Revokes the caller's feed: its URL answers 404 from now on. */
export async function revokeFeed(db: Db, session: SessionInfo, meta: RequestMeta) {
  await db.asUser(session.claims, async (tx) => {
    await tx`select private.revoke_appointment_feed()`
    await audit(tx, { actorId: session.accountId, action: 'appointment_feed.revoked', objectType: 'account', objectId: session.accountId }, meta)
  })
  return { active: false as const }
}

/**
 * The feed for a calendar program (no session: the token is the credential; role anon reads
 * through private.appointment_feed). Unknown, replaced and revoked tokens give the same 404.
 */
export async function readFeed(db: Db, token: string, origin: string): Promise<string> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw notFound()
  const hash = hashToken(token)
  return db.asUser({ role: 'anon' }, async (tx) => {
    const [valid] = await tx`select private.appointment_feed_valid(${hash}) as ok`
    if (!valid!.ok) throw notFound()
    const rows = await tx`select * from private.appointment_feed(${hash})`
    return feedIcs(
      rows.map((r) => ({
        id: r.item_id as string,
        sequence: r.sequence as number,
        startsAt: r.starts_at as Date,
        endsAt: r.ends_at as Date,
        // Neutral unless the staff member chose names for their feed: the calendar service that
        // subscribes (often a cloud provider) keeps whatever the feed says.
        title: r.booker_name
          ? `${r.type_name as string}: ${r.booker_name as string}${r.client_name ? ` (${r.client_name as string})` : ''}`
          : `${r.type_name as string}: Termin mit Mandant ${r.client_number as string}`,
        description: appointmentLink(origin, r.item_id as string),
        location: r.location === 'video' ? appointmentLink(origin, r.item_id as string) : r.location === 'phone' ? 'Telefon' : 'Kanzlei',
        url: appointmentLink(origin, r.item_id as string),
        status: r.status as 'pending' | 'confirmed',
      })),
      'Mandantenportal – Termine',
    )
  })
}
