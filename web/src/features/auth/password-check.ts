import { createSignal, onMount, type Accessor } from 'solid-js'
import { t } from '../../i18n'
import type { ApiError } from '../../lib/api'
import { loadPasswordRules, type CheckPassword, type PasswordProblem } from './password-rules'

export type PasswordContext = { firmName?: string; name?: string; email?: string }
/** Error texts as thunks, so they follow a language switch while shown. */
export type NewPasswordErrors = { password?: () => string; repeat?: () => string }

/**
 * The server's password rules, fetched after the first paint (a large chunk); undefined until
 * they are there or when they cannot be loaded (then the server's verdict alone decides).
 */
export function createPasswordCheck(): Accessor<CheckPassword | undefined> {
  const [check, setCheck] = createSignal<CheckPassword>()
  onMount(() =>
    setTimeout(
      () =>
        loadPasswordRules().then(
          (fn) => setCheck(() => fn),
          () => {},
        ),
      0,
    ),
  )
  return check
}

/** The reasons for a rejected password as one sentence. */
export function problemSentence(problems: readonly PasswordProblem[]): string {
  return problems.map((problem) => t(`password.problems.${problem}`)).join(' · ')
}

/** Checks a new password and its repetition before anything is sent; the server checks again. */
export function validateNewPassword(
  password: string,
  repeat: string,
  check: CheckPassword | undefined,
  context: PasswordContext,
): NewPasswordErrors {
  const errors: NewPasswordErrors = {}
  if (!password) errors.password = () => t('newPassword.errors.missing')
  else if (check && !check(password, context).ok)
    errors.password = () => t('newPassword.errors.weak')
  if (password && repeat !== password) errors.repeat = () => t('newPassword.errors.mismatch')
  return errors
}

/** The field error for a password the server refused (password_rejected), else undefined. */
export function rejectedPasswordError(error: ApiError): NewPasswordErrors | undefined {
  if (error.code !== 'password_rejected') return undefined
  const problems = (error.data as { problems?: PasswordProblem[] } | undefined)?.problems ?? []
  return {
    password: () => t('newPassword.errors.rejected', { reasons: problemSentence(problems) }),
  }
}
