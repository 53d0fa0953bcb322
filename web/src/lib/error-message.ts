import { t } from '../i18n'
import { toApiError } from './api'

/**
 * The sentence shown for an error no form field explains: a calm generic text, the network hint,
 * or the throttling hint. The request id, if any, is shown separately (see ErrorDetails).
 */
export function genericErrorText(error: unknown): string {
  const apiError = toApiError(error)
  if (apiError.code === 'network_error') return t('errors.network')
  if (apiError.code === 'rate_limited') return t('errors.rateLimited')
  return t('errors.generic')
}

/** "Fehler-ID: …" for support, or undefined when the server gave no request id. */
export function requestIdText(error: unknown): string | undefined {
  const requestId = toApiError(error).requestId
  return requestId ? t('errors.requestId', { requestId }) : undefined
}
