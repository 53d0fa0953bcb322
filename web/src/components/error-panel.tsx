import { t } from '../i18n'
import { genericErrorText, requestIdText } from '../lib/error-message'
import { Alert } from './alert'

type ErrorPanelProps = {
  error: unknown
  onRetry: () => void
}

/** A page-level failure: the generic sentence, the request id for support, and a retry button. */
export function ErrorPanel(props: ErrorPanelProps) {
  return (
    <section class="page page--narrow">
      <Alert tone="error" detail={requestIdText(props.error)}>
        {genericErrorText(props.error)}
      </Alert>
      <button type="button" class="button button--secondary" onClick={() => props.onRetry()}>
        {t('common.retry')}
      </button>
    </section>
  )
}
