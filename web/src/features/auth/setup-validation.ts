import { t } from '../../i18n'
import type { ApiError } from '../../lib/api'
import type { CheckPassword, PasswordProblem } from './password-rules'

export const SETUP_FIELDS = [
  'firmName',
  'displayName',
  'email',
  'password',
  'passwordRepeat',
  'locale',
] as const
export type SetupField = (typeof SETUP_FIELDS)[number]
export type SetupValues = Record<SetupField, string>
/** Error texts as thunks, so they follow a language switch while shown. */
export type SetupErrors = Partial<Record<SetupField, () => string>>

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** The reasons for a rejected password as one German (or English) sentence. */
export function problemSentence(problems: readonly PasswordProblem[]): string {
  return problems.map((problem) => t(`password.problems.${problem}`)).join(' · ')
}

/**
 * Checks the form before anything is sent; the server checks again. Without the password rules
 * (chunk failed to load) only presence is checked and the server's verdict decides.
 */
export function validateSetup(values: SetupValues, check: CheckPassword | undefined): SetupErrors {
  const errors: SetupErrors = {}
  if (!values.firmName.trim()) errors.firmName = () => t('setup.errors.firmNameMissing')
  else if (values.firmName.trim().length > 200)
    errors.firmName = () => t('setup.errors.firmNameInvalid')
  if (!values.displayName.trim()) errors.displayName = () => t('setup.errors.displayNameMissing')
  else if (values.displayName.trim().length > 200)
    errors.displayName = () => t('setup.errors.displayNameInvalid')
  if (!values.email.trim()) errors.email = () => t('setup.errors.emailMissing')
  else if (!EMAIL.test(values.email.trim())) errors.email = () => t('setup.errors.emailInvalid')
  if (!values.password) errors.password = () => t('setup.errors.passwordMissing')
  else if (check) {
    const context = { firmName: values.firmName, name: values.displayName, email: values.email }
    if (!check(values.password, context).ok) errors.password = () => t('setup.errors.passwordWeak')
  }
  if (values.password && values.passwordRepeat !== values.password)
    errors.passwordRepeat = () => t('setup.errors.passwordRepeatMismatch')
  return errors
}

const INVALID: Partial<Record<SetupField, () => string>> = {
  firmName: () => t('setup.errors.firmNameInvalid'),
  displayName: () => t('setup.errors.displayNameInvalid'),
  email: () => t('setup.errors.emailInvalid'),
  password: () => t('setup.errors.passwordWeak'),
  locale: () => t('setup.errors.localeInvalid'),
}

/**
 * Field errors from the server's answer: a rejected password or failed validation. Returns
 * undefined when the error belongs to no field (the page shows a general message then).
 */
export function fieldErrorsFromServer(error: ApiError): SetupErrors | undefined {
  if (error.code === 'password_rejected') {
    const problems = (error.data as { problems?: PasswordProblem[] } | undefined)?.problems ?? []
    return {
      password: () => t('setup.errors.passwordRejected', { reasons: problemSentence(problems) }),
    }
  }
  if (error.code !== 'validation_failed') return undefined
  const issues = (error.data as { issues?: { path?: unknown[] }[] } | undefined)?.issues ?? []
  const errors: SetupErrors = {}
  for (const issue of issues) {
    const field = String(issue.path?.[0] ?? '') as SetupField
    const text = INVALID[field]
    if (!text) return undefined
    errors[field] = text
  }
  return Object.keys(errors).length > 0 ? errors : undefined
}
