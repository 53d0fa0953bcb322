import { audit, type RequestMeta } from '../../_shared/audit.ts'
import type { Db, Tx } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'
import { runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import { jitsiSettings, newRoomName, signRoomToken } from '../lib/room-token.ts'

export type CallRoom = { id: string; itemId: string; media: 'audio' | 'video'; createdBy: string; createdAt: string; endedAt: string | null }

const toRoom = (r: Record<string, unknown>): CallRoom => ({
  id: r.id as string,
  itemId: r.item_id as string,
  media: r.media as 'audio' | 'video',
  createdBy: r.created_by as string,
  createdAt: (r.created_at as Date).toISOString(),
  endedAt: r.ended_at ? (r.ended_at as Date).toISOString() : null,
})

/** Whether calls are set up, and the Jitsi origin the page loads external_api.js from. */
export function callSettings(): { enabled: boolean; origin: string | null } {
  const { config } = runtime()
  const enabled = Boolean(config.JITSI_URL && config.JITSI_APP_ID && config.JITSI_APP_SECRET)
  return { enabled, origin: enabled ? new URL(config.JITSI_URL!).origin : null }
}

/**
 * Starts a call from a conversation or an appointment: the call_rooms policy decides whether the
 * caller may (a foreign or invisible item answers not_found). The other side learns of it over
 * the WebSocket (the insert's NOTIFY) and, when they have no live connection, by mail with a link.
 */
export async function startCall(db: Db, session: SessionInfo, input: { itemId: string; media: 'audio' | 'video' }, meta: RequestMeta): Promise<CallRoom> {
  jitsiSettings(runtime().config)
  return db.asUser(session.claims, async (tx) => {
    const [item] = await tx`select client_id from public.items where id = ${input.itemId}`
    if (!item) throw new AppError('not_found', { status: 404, message: 'Not found.' })
    // Each call may mail the other side: at most 5 calls a minute per person (kept in PostgreSQL).
    const [budget] = await tx`select private.take_send_budget('call') as ok`
    if (!budget?.ok) throw new AppError('calls_rate_limited', { status: 429, message: 'Too many calls in a short time. Please wait a moment.' })
    const [row] = await tx`insert into public.call_rooms (item_id, room_name, media, created_by)
                           values (${input.itemId}, ${newRoomName()}, ${input.media}, ${session.accountId})
                           returning id, item_id, media, created_by, created_at, ended_at`
    const room = toRoom(row!)
    // Only the page's path: the function puts the stored public origin in front of it.
    await tx`select private.invite_to_call(${room.id}, ${`/anruf/${room.id}`})`
    await audit(tx, { actorId: session.accountId, clientId: item.client_id as string, action: 'call.started', objectType: 'call', objectId: room.id, detail: { item: input.itemId, media: input.media } }, meta)
    return room
  })
}

async function visibleRoom(tx: Tx, id: string) {
  const [row] = await tx`select r.id, r.item_id, r.room_name, r.media, r.created_by, r.created_at, r.ended_at, i.client_id, i.title
                         from public.call_rooms r join public.items i on i.id = r.item_id where r.id = ${id}`
  if (!row) throw new AppError('not_found', { status: 404, message: 'Not found.' })
  return row
}

/**
 * Joins a call: answers the Jitsi origin, the room and a fresh short-lived room JWT for the caller
 * (moderator only for the firm's staff). Only people who see the item get one; an ended call
 * answers call_ended (410).
 */
export async function joinCall(db: Db, session: SessionInfo, id: string, meta: RequestMeta) {
  const jitsi = jitsiSettings(runtime().config)
  return db.asUser(session.claims, async (tx) => {
    const row = await visibleRoom(tx, id)
    if (row.ended_at) throw new AppError('call_ended', { status: 410, message: 'This call has ended.' })
    const moderator = session.account.kind === 'staff'
    const { token, expiresAt } = await signRoomToken(jitsi, { room: row.room_name as string, user: { id: session.accountId, name: session.account.displayName }, moderator, media: row.media as 'audio' | 'video' }, runtime().now())
    await audit(tx, { actorId: session.accountId, clientId: row.client_id as string, action: 'call.joined', objectType: 'call', objectId: id }, meta)
    return {
      call: toRoom(row),
      title: row.title as string,
      jitsi: { origin: jitsi.origin, domain: jitsi.domain, scriptUrl: new URL('external_api.js', jitsi.url).toString() },
      room: row.room_name as string,
      jwt: token,
      expiresAt: expiresAt.toISOString(),
      moderator,
    }
  })
}

/** The running calls of an item the caller sees (for the "join" button). */
export async function listCalls(db: Db, session: SessionInfo, itemId: string): Promise<CallRoom[]> {
  return db.asUser(session.claims, async (tx) =>
    (await tx`select id, item_id, media, created_by, created_at, ended_at from public.call_rooms
              where item_id = ${itemId} and ended_at is null order by created_at desc limit 20`).map(toRoom))
}

/** Ends a call (its starter or the client's staff; others get not_found). Ending twice keeps the first time. */
export async function endCall(db: Db, session: SessionInfo, id: string, meta: RequestMeta): Promise<CallRoom> {
  return db.asUser(session.claims, async (tx) => {
    const row = await visibleRoom(tx, id)
    const [ended] = await tx`update public.call_rooms set ended_at = coalesce(ended_at, now()) where id = ${id}
                             returning id, item_id, media, created_by, created_at, ended_at`
    if (!ended) throw new AppError('not_found', { status: 404, message: 'Not found.' })
    await audit(tx, { actorId: session.accountId, clientId: row.client_id as string, action: 'call.ended', objectType: 'call', objectId: id }, meta)
    return toRoom(ended)
  })
}
