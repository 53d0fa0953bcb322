import { action, query } from '@solidjs/router'
import type { Locale } from '../../i18n'
import { getJson, patchJson, postJson } from '../../lib/api'
import type { AccountKind } from '../auth/queries'

const AUTH = '/functions/v1/auth'

/** One row of the user list: who, which kind, factor status and the second-factor deadline. */
export type AccountRow = {
  id: string
  email: string
  displayName: string
  kind: AccountKind
  isAdmin: boolean
  disabledAt: string | null
  mfaDeadline: string
  createdAt: string
  factors: ('totp' | 'email')[]
  invitationPending: boolean | null
}

export type InviteInput = {
  email: string
  displayName: string
  kind: AccountKind
  isAdmin: boolean
  locale: Locale
}

/** Every account the caller may see (staff: all; the policies decide). */
export const getAccounts = query(
  async () => (await getJson<{ accounts: AccountRow[] }>(`${AUTH}/accounts`)).accounts,
  'admin.accounts',
)

/** Invites a person by mail. Throws conflict (address taken), not_found (not allowed). */
export const inviteAccount = action(
  (input: InviteInput) =>
    postJson<{ accountId: string; invitationId: string; expiresAt: string }>(
      `${AUTH}/invitations`,
      input,
    ),
  'admin.invite',
)

/** Disables or re-enables an account; a disabled account's sessions end on the next request. */
export const setAccountDisabled = action(
  (input: { id: string; disabled: boolean }) =>
    postJson<{ disabled: boolean }>(
      `${AUTH}/accounts/${encodeURIComponent(input.id)}/${input.disabled ? 'disable' : 'enable'}`,
      {},
    ),
  'admin.setDisabled',
)

/** Removes all factors of a person (lost phone), with the reason; audited and mailed. */
export const resetFactors = action(
  (input: { id: string; reason: string }) =>
    postJson<{ removed: number; mfaDeadline: string }>(
      `${AUTH}/accounts/${encodeURIComponent(input.id)}/reset-factors`,
      { reason: input.reason },
    ),
  'admin.resetFactors',
)

/** Switches the e-mail factor on or off for everyone (admins only; forbidden otherwise). */
export const setEmailFactorEnabled = action(
  (enabled: boolean) =>
    patchJson<{ emailFactorEnabled: boolean }>(`${AUTH}/settings`, {
      emailFactorEnabled: enabled,
    }),
  'admin.setEmailFactor',
)
