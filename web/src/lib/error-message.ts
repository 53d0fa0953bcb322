import { t } from '../i18n'
import { toApiError } from './api'

/**
 * The sentence shown for an error no form field explains: a calm generic text, or the hint for a
 * lost connection, throttling, an ended session or a missing second factor. The request id, if
 * any, is shown separately (see requestIdText).
 */
export function genericErrorText(error: unknown): string {
  const apiError = toApiError(error)
  if (apiError.code === 'network_error') return t('errors.network')
  if (apiError.code === 'rate_limited') return t('errors.rateLimited')
  if (apiError.code === 'unauthenticated') return t('errors.signedOut')
  if (apiError.code === 'second_factor_required') return t('errors.factorRequired')
  return t('errors.generic')
}

/** "Fehler-ID: …" for support, or undefined when the server gave no request id. */
export function requestIdText(error: unknown): string | undefined {
  const apiError = toApiError(error)
  if (apiError.code === 'unauthenticated' || apiError.code === 'second_factor_required')
    return undefined
  return apiError.requestId ? t('errors.requestId', { requestId: apiError.requestId }) : undefined
}
