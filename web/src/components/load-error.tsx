import { A } from '@solidjs/router'
import { Show } from 'solid-js'
import { t } from '../i18n'
import { toApiError } from '../lib/api'
import { ErrorPanel } from './error-panel'

type LoadErrorProps = {
  error: unknown
  onRetry: () => void
  /** What the page could not find, e.g. "Dieser Mandant ist für Sie nicht freigegeben." */
  notFoundTitle: string
  notFoundText?: string
  backHref?: string
  backLabel?: string
}

/**
 * A page whose subject could not be loaded: not_found (never there, or not for this person –
 * the server does not say which) gets a calm explanation; anything else the generic error panel.
 */
export function LoadError(props: LoadErrorProps) {
  return (
    <Show
      when={toApiError(props.error).code === 'not_found'}
      fallback={<ErrorPanel error={props.error} onRetry={props.onRetry} />}
    >
      <section class="page page--narrow" aria-labelledby="page-title">
        <h1 id="page-title" class="page__title">
          {props.notFoundTitle}
        </h1>
        <p class="page__lead">{props.notFoundText ?? t('errors.notFoundText')}</p>
        <A href={props.backHref ?? '/'} class="button button--primary">
          {props.backLabel ?? t('common.toStart')}
        </A>
      </section>
    </Show>
  )
}
