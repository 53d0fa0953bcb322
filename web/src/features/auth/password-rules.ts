import type { checkPassword } from '../../../../functions/_shared/password-rules'

export type { PasswordProblem, PasswordVerdict } from '../../../../functions/_shared/password-rules'
export type CheckPassword = typeof checkPassword

let loading: Promise<CheckPassword> | undefined

/**
 * Loads the server's own password rules (zxcvbn with its dictionaries, a large chunk) on demand,
 * so the first paint stays fast and the reasons shown while typing are exactly the server's.
 * Rejects when the chunk cannot be loaded; a later call tries again.
 */
export function loadPasswordRules(): Promise<CheckPassword> {
  loading ??= import('../../../../functions/_shared/password-rules').then(
    (module) => module.checkPassword,
    (error: unknown) => {
      loading = undefined
      throw error
    },
  )
  return loading
}
