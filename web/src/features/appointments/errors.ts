import { t, type TranslationKey } from '../../i18n'
import { toApiError } from '../../lib/api'
import { genericErrorText } from '../../lib/error-message'

/** The German (or English) sentence for an appointment error code; the generic text otherwise. */
export function appointmentErrorText(error: unknown): string {
  const code = toApiError(error).code
  return (t(`appointments.errors.${code}` as TranslationKey) as string | undefined) || genericErrorText(error)
}
