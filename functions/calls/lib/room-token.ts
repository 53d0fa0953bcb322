import { SignJWT } from 'jose'
import { randomBytes } from 'node:crypto'
import type { Config } from '../../_shared/config.ts'
import { AppError } from '../../_shared/errors.ts'

/** How long a room token is valid: long enough to join (and rejoin after a short drop), no longer. */
export const ROOM_TOKEN_SECONDS = 10 * 60

export type JitsiSettings = { url: string; origin: string; domain: string; appId: string; secret: Uint8Array }

/**
 * The firm's Jitsi, or calls_not_configured (503): without JITSI_URL there is no call at all —
 * never a fallback to a public service.
 */
export function jitsiSettings(config: Config): JitsiSettings {
  if (!config.JITSI_URL || !config.JITSI_APP_ID || !config.JITSI_APP_SECRET)
    throw new AppError('calls_not_configured', { status: 503, message: 'Calls need JITSI_URL, JITSI_APP_ID and JITSI_APP_SECRET.' })
  const url = new URL(config.JITSI_URL)
  return { url: url.toString(), origin: url.origin, domain: url.host, appId: config.JITSI_APP_ID, secret: new TextEncoder().encode(config.JITSI_APP_SECRET) }
}

/** An unguessable Jitsi room name: 128 random bits, lower case (Jitsi lower-cases room names). */
export function newRoomName(): string {
  return `kanzlei-${randomBytes(16).toString('hex')}`
}

export type RoomTokenInput = { room: string; user: { id: string; name: string }; moderator: boolean; media: 'audio' | 'video' }

/**
 * Signs a room JWT the way Jitsi's token authentication (Prosody mod_auth_token) checks it: HS256
 * with the app secret, iss and aud = the app id, sub = the Jitsi domain, room = this room only,
 * nbf/exp short. context.user names the person; moderator rights ("moderator": "true" and the
 * affiliation "owner" for token_affiliation setups) only for the firm's staff.
 */
export async function signRoomToken(jitsi: JitsiSettings, input: RoomTokenInput, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const issued = Math.floor(now.getTime() / 1000)
  const expires = issued + ROOM_TOKEN_SECONDS
  const token = await new SignJWT({
    room: input.room,
    context: {
      user: {
        id: input.user.id,
        name: input.user.name,
        moderator: input.moderator ? 'true' : 'false',
        affiliation: input.moderator ? 'owner' : 'member',
      },
      features: { recording: 'false', livestreaming: 'false', transcription: 'false', 'outbound-call': 'false' },
      room: { audioOnly: input.media === 'audio' },
    },
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(jitsi.appId)
    .setAudience(jitsi.appId)
    .setSubject(jitsi.domain)
    .setIssuedAt(issued)
    .setNotBefore(issued - 30)
    .setExpirationTime(expires)
    .sign(jitsi.secret)
  return { token, expiresAt: new Date(expires * 1000) }
}
