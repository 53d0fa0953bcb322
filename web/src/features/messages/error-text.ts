import { deMessages } from '../../i18n/de-messages'
import { t, type TranslationKey } from '../../i18n'
import { ApiError } from '../../lib/api'
import { genericErrorText } from '../../lib/error-message'

const KNOWN = new Set(Object.keys(deMessages.messages.errors))

/** The sentence for a refused messages call: the code's own where there is one, else the generic one. */
export function messageErrorText(error: ApiError | string): string {
  const code = typeof error === 'string' ? error : error.code
  return KNOWN.has(code) ? String(t(`messages.errors.${code}` as TranslationKey)) : genericErrorText(typeof error === 'string' ? new ApiError(code, { status: 0 }) : error)
}
