import { t, type TranslationKey } from '../../i18n'
import { genericErrorText } from '../../lib/error-message'
import { toApiError } from '../../lib/api'

/** A text under a key built at run time (weekday names, error codes); '' when there is none. */
export function textOf(key: string): string {
  const value: unknown = t(key as TranslationKey)
  return typeof value === 'string' ? value : ''
}

/** The German (or English) sentence for a chat or call error code, else the generic one. */
export function chatError(errorOrCode: unknown): string {
  const code = typeof errorOrCode === 'string' ? errorOrCode : toApiError(errorOrCode).code
  return textOf(`chat.errors.${code}`) || genericErrorText(typeof errorOrCode === 'string' ? undefined : errorOrCode)
}
