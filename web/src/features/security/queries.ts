import { action, query } from '@solidjs/router'
import { ApiError, deleteJson, getJson, postJson } from '../../lib/api'
import type { FactorMethod } from '../auth/queries'

const AUTH = '/functions/v1/auth'

export type Factor = {
  id: string
  kind: 'totp' | 'email'
  label: string
  createdAt: string
  lastUsedAt: string | null
}

export type Session = {
  id: string
  aal: 'aal1' | 'aal2'
  userAgent: string | null
  ip: string | null
  createdAt: string
  lastSeenAt: string
  current: boolean
}

export type SecurityEvent = { at: string; action: string; result: string; ip: string | null }
export type SecuritySettings = { firmName: string; emailFactorEnabled: boolean }
export type TotpEnrolment = { factorId: string; secret: string; uri: string; qrSvg: string }
export type Confirmed = { kind: 'totp' | 'email'; recoveryCodes: string[] | null; aal: 'aal2' }
/** Proof of the current password and, when the account has one, a current factor. */
export type Proof = { password: string; method?: FactorMethod; code?: string }

/** The account's confirmed second factors. */
export const getFactors = query(
  async () => (await getJson<{ factors: Factor[] }>(`${AUTH}/factors`)).factors,
  'security.factors',
)

/** The account's live sessions, the current one marked. */
export const getSessions = query(
  async () => (await getJson<{ sessions: Session[] }>(`${AUTH}/sessions`)).sessions,
  'security.sessions',
)

/** The account's recent sign-ins, failures, factor and password changes, newest first. */
export const getSecurityEvents = query(
  async () => (await getJson<{ events: SecurityEvent[] }>(`${AUTH}/security-events`)).events,
  'security.events',
)

/**
 * The firm's switches (whether the e-mail factor is offered). Past the deadline an aal1 session
 * may not read them (second_factor_required): then undefined, and the server decides on use.
 */
export const getSecuritySettings = query(async (): Promise<SecuritySettings | undefined> => {
  try {
    return await getJson<SecuritySettings>(`${AUTH}/settings`)
  } catch (error) {
    if (error instanceof ApiError && error.code === 'second_factor_required') return undefined
    throw error
  }
}, 'security.settings')

/** Starts an authenticator app: a new key, its otpauth URI and QR code. */
export const startTotpEnrolment = action(
  () => postJson<TotpEnrolment>(`${AUTH}/factors/totp`, {}),
  'security.startTotp',
)

/** Mails a confirmation code. Throws factor_unavailable, factor_exists, resend_too_soon. */
export const startEmailEnrolment = action(
  () => postJson<{ factorId: string; sentTo: string }>(`${AUTH}/factors/email`, {}),
  'security.startEmail',
)

/**
 * Confirms the factor being set up; the first one yields the ten recovery codes and turns the
 * session into aal2 (the server sets the new cookie). Throws invalid_code.
 */
export const confirmFactor = action(
  (input: { factorId: string; code: string }) =>
    postJson<Confirmed>(`${AUTH}/factors/${encodeURIComponent(input.factorId)}/confirm`, {
      code: input.code,
    }),
  'security.confirmFactor',
)

/** Mails a code that proves the e-mail factor for a change of credentials. */
export const sendStepUpCode = action(
  () => postJson<{ sentTo: string }>(`${AUTH}/factors/step-up-code`, {}),
  'security.sendStepUpCode',
)

/** Removes a factor after proof. Throws proof_failed (data.failed) or last_factor. */
export const removeFactor = action(
  (input: { factorId: string; proof: Proof }) =>
    postJson<{ removed: true }>(
      `${AUTH}/factors/${encodeURIComponent(input.factorId)}/remove`,
      input.proof,
    ),
  'security.removeFactor',
)

/** Changes the password after proof. Throws proof_failed or password_rejected. */
export const changePassword = action(
  (input: Proof & { newPassword: string; endOtherSessions: boolean }) =>
    postJson<{ changed: true }>(`${AUTH}/password/change`, input),
  'security.changePassword',
)

/** Ends every session of the account except this one. */
export const endOtherSessions = action(
  () => postJson<{ ended: number }>(`${AUTH}/sessions/end-others`, {}),
  'security.endOtherSessions',
)

/** Ends one other session (e.g. a lost laptop). */
export const endSession = action(
  (id: string) => deleteJson<{ ended: number }>(`${AUTH}/sessions/${encodeURIComponent(id)}`),
  'security.endSession',
)
