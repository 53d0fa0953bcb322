import { t } from '../../i18n'
import { toApiError } from '../../lib/api'
import { genericErrorText } from '../../lib/error-message'

const KNOWN = ['not_found', 'admin_required', 'confirmation_mismatch', 'legal_hold', 'retention_period_running', 'mandate_not_ended', 'mandate_end_in_future', 'mandate_end_before_client', 'validation_failed'] as const

/** The German (or English) sentence for a stable error code of the operations API. */
export function operationsErrorText(error: unknown): string {
  const code = toApiError(error).code
  return (KNOWN as readonly string[]).includes(code)
    ? t(`operations.errors.${code as (typeof KNOWN)[number]}`)
    : genericErrorText(error)
}
