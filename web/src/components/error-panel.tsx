import { Match, Switch } from 'solid-js'
import { t } from '../i18n'
import { toApiError } from '../lib/api'
import { genericErrorText, requestIdText } from '../lib/error-message'
import { Alert } from './alert'

type ErrorPanelProps = {
  error: unknown
  onRetry: () => void
}

/**
 * A page-level failure: the generic sentence, the request id for support, and the way on: a
 * retry, or sign-in again when the session ended, or the enrolment page when a factor is due.
 */
export function ErrorPanel(props: ErrorPanelProps) {
  const code = () => toApiError(props.error).code
  return (
    <section class="page page--narrow">
      <Alert tone="error" detail={requestIdText(props.error)}>
        {genericErrorText(props.error)}
      </Alert>
      <Switch
        fallback={
          <button type="button" class="button button--secondary" onClick={() => props.onRetry()}>
            {t('common.retry')}
          </button>
        }
      >
        <Match when={code() === 'unauthenticated'}>
          <a href="/anmelden" class="button button--primary">
            {t('common.toSignIn')}
          </a>
        </Match>
        <Match when={code() === 'second_factor_required'}>
          <a href="/sicherheit/zweiter-faktor" class="button button--primary">
            {t('grace.action')}
          </a>
        </Match>
      </Switch>
    </section>
  )
}
