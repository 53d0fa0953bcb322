import { action, query } from '@solidjs/router'
import type { Locale } from '../../i18n'
import { getJson, postJson } from '../../lib/api'

/** firmName is null until the first-run setup named the firm (older servers omit it). */
export type SetupState = { needsSetup: boolean; firmName?: string | null }

export type SetupInput = {
  firmName: string
  displayName: string
  email: string
  password: string
  locale: Locale
}

export type SignInInput = { email: string; password: string }

/** Whether the portal still waits for its first-run setup (no staff account yet), and the firm. */
export const getSetupState = query(
  () => getJson<SetupState>('/functions/v1/auth/setup'),
  'auth.setupState',
)

/**
 * Creates the firm and the lawyer's admin account. Throws ApiError: password_rejected (422),
 * setup_already_done (409), validation_failed (400), or any generic failure.
 */
export const setupPortal = action(
  (input: SetupInput) =>
    postJson<{ account: { id: string; email: string } }>('/functions/v1/auth/setup', input),
  'auth.setup',
)

/** Password sign-in (the endpoint arrives with the sign-in issue; until then: not_found). */
export const signIn = action(
  (input: SignInInput) => postJson<unknown>('/functions/v1/auth/sign-in', input),
  'auth.signIn',
)
