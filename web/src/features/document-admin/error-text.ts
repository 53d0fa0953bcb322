import { t } from '../../i18n'
import { toApiError } from '../../lib/api'
import { genericErrorText } from '../../lib/error-message'

const KNOWN = ['category_exists', 'legal_hold_exists', 'not_found', 'validation_failed'] as const

/** The German (or English) sentence for a stable error code of the categories and retention API. */
export function documentAdminErrorText(error: unknown): string {
  const code = toApiError(error).code
  return (KNOWN as readonly string[]).includes(code)
    ? t(`documentAdmin.errors.${code as (typeof KNOWN)[number]}`)
    : genericErrorText(error)
}
