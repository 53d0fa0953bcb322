import { getJson, postJson } from '../../lib/api'

export const CALLS = '/functions/v1/calls'

/** What joining a call answers: the firm's Jitsi, the room and a short-lived room JWT. */
export type CallJoin = {
  call: { id: string; itemId: string; media: 'audio' | 'video'; createdBy: string; endedAt: string | null }
  title: string
  jitsi: { origin: string; domain: string; scriptUrl: string }
  room: string
  jwt: string
  expiresAt: string
  moderator: boolean
}

export const joinCall = (id: string) => getJson<CallJoin>(`${CALLS}/${encodeURIComponent(id)}/join`)
export const endCall = (id: string) => postJson<unknown>(`${CALLS}/${encodeURIComponent(id)}/end`, {})
