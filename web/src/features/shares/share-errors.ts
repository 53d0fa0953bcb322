import { t } from '../../i18n'
import { toApiError } from '../../lib/api'
import { genericErrorText } from '../../lib/error-message'

/** The codes of the shares API that have a sentence of their own. */
const CREATE_CODES = ['password_required', 'password_rejected', 'expiry_too_long', 'validation_failed', 'not_found'] as const

/** A refused link creation as a German (or English) sentence; the rest as the generic text. */
export function createErrorText(error: unknown): string {
  const apiError = toApiError(error)
  return (CREATE_CODES as readonly string[]).includes(apiError.code)
    ? t(`shares.errors.${apiError.code as (typeof CREATE_CODES)[number]}`)
    : genericErrorText(apiError)
}

/**
 * What a guest reads when the link does not work: one sentence for unknown, expired, revoked and
 * exhausted links alike (the server does not tell them apart), throttling, a used-up limit.
 */
export function guestErrorText(error: unknown): string {
  const apiError = toApiError(error)
  if (apiError.code === 'not_found' || apiError.code === 'unauthenticated') return t('shares.errors.link_invalid')
  if (apiError.code === 'download_limit') return t('shares.errors.download_limit')
  if (apiError.code === 'rate_limited') return t('shares.errors.rate_limited')
  return genericErrorText(apiError)
}
