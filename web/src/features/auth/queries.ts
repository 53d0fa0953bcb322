import { action, json, query } from '@solidjs/router'
import type { Locale } from '../../i18n'
import { ApiError, getJson, postJson } from '../../lib/api'
import { forgetUnfinishedUploads } from '../../lib/upload-memory'

const AUTH = '/functions/v1/auth'

/** firmName is null until the first-run setup named the firm (older servers omit it). */
export type SetupState = { needsSetup: boolean; firmName?: string | null }

export type SetupInput = {
  firmName: string
  displayName: string
  email: string
  password: string
  locale: Locale
}

export type AccountKind = 'staff' | 'client' | 'external'
export type FactorMethod = 'totp' | 'email' | 'recovery'

/** The signed-in person as the server sees this session. */
export type CurrentAccount = {
  id: string
  email: string
  displayName: string
  kind: AccountKind
  isAdmin: boolean
  locale: Locale
  aal: 'aal1' | 'aal2'
  /** ISO time: until then an aal1 session may do everything; afterwards only enrol. */
  mfaDeadline: string
  mustEnrol: boolean
}

export type SignInInput = { email: string; password: string }
export type SignInResult =
  | { next: 'done'; aal: 'aal1' | 'aal2' }
  | { next: 'second_factor'; methods: FactorMethod[] }

export type Invitation = { email: string; displayName: string; firmName: string }

/** Whether the portal still waits for its first-run setup (no staff account yet), and the firm. */
export const getSetupState = query(
  () => getJson<SetupState>(`${AUTH}/setup`),
  'auth.setupState',
)

/**
 * Who is signed in, or null when nobody is (no, expired or ended session). Other failures throw
 * ApiError, so a broken connection is not mistaken for "signed out".
 */
export const getCurrentAccount = query(async (): Promise<CurrentAccount | null> => {
  try {
    return (await getJson<{ account: CurrentAccount }>(`${AUTH}/session`)).account
  } catch (error) {
    if (error instanceof ApiError && error.code === 'unauthenticated') return null
    throw error
  }
}, 'auth.session')

/**
 * Creates the firm and the lawyer's admin account. Throws ApiError: password_rejected (422),
 * setup_already_done (409), validation_failed (400), or any generic failure.
 */
export const setupPortal = action(
  (input: SetupInput) =>
    postJson<{ account: { id: string; email: string } }>(`${AUTH}/setup`, input),
  'auth.setup',
)

/**
 * The password step. Resolves with what comes next; throws invalid_credentials (one answer for
 * every refusal) or rate_limited.
 */
export const signIn = action(
  (input: SignInInput) => postJson<SignInResult>(`${AUTH}/sign-in`, input),
  'auth.signIn',
)

/** Mails a code for this sign-in. Throws challenge_expired, factor_unavailable, resend_too_soon. */
export const sendSignInCode = action(
  () => postJson<{ sentTo: string }>(`${AUTH}/sign-in/code`, {}),
  'auth.sendSignInCode',
)

/** The second step. Throws invalid_code (data.attemptsLeft) or challenge_expired. */
export const verifySignInFactor = action(
  (input: { method: FactorMethod; code: string }) =>
    postJson<{ next: 'done'; aal: 'aal2' }>(`${AUTH}/sign-in/factor`, input),
  'auth.verifySignInFactor',
)

/**
 * Ends this session on the server. A session that is already gone counts as signed out; any
 * other failure throws (the page then must not pretend the sign-out worked).
 */
export const signOut = action(async () => {
  forgetUnfinishedUploads()
  try {
    await postJson<{ signedOut: true }>(`${AUTH}/sign-out`, {})
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 'unauthenticated')) throw error
  }
}, 'auth.signOut')

/** Asks for a reset link; the answer is the same for every address (nothing to branch on). */
export const requestPasswordReset = action(
  (email: string) => postJson<{ requested: true }>(`${AUTH}/password/reset`, { email }),
  'auth.requestPasswordReset',
)

/** Sets a new password with the mailed token. Throws reset_invalid or password_rejected. */
export const completePasswordReset = action(
  (input: { token: string; password: string }) =>
    postJson<{ changed: true }>(`${AUTH}/password/reset/complete`, input),
  'auth.completePasswordReset',
)

/** What an invitation link is for (firm, name, address). Throws invitation_invalid. */
export const getInvitation = query(
  (token: string) => postJson<Invitation>(`${AUTH}/invitations/inspect`, { token }),
  'auth.invitation',
)

/**
 * Sets the invited person's password and signs them in (aal1). Only the session is reloaded
 * afterwards: the used invitation would now read as invalid.
 */
export const acceptInvitation = action(
  async (input: { token: string; password: string }) =>
    json(await postJson<{ next: 'done'; aal: 'aal1' }>(`${AUTH}/invitations/accept`, input), {
      revalidate: getCurrentAccount.key,
    }),
  'auth.acceptInvitation',
)
