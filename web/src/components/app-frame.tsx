import { A, createAsync, type RouteSectionProps } from '@solidjs/router'
import { ErrorBoundary, Show, Suspense } from 'solid-js'
import { getSetupState } from '../features/auth/queries'
import { t } from '../i18n'
import { ErrorPanel } from './error-panel'
import { LanguageSwitch } from './language-switch'
import { PageLoading } from './page-loading'

/**
 * The frame around every page: skip link, header with the portal's and the firm's name and the
 * language switch, footer.
 */
export function AppFrame(props: RouteSectionProps) {
  // The firm's name once it is set up; the header stays plain when it cannot be read.
  const firmName = createAsync(() =>
    getSetupState().then(
      (state) => state.firmName ?? undefined,
      () => undefined,
    ),
  )
  return (
    <div class="app">
      <a class="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header class="app-header">
        <div class="app-header__inner">
          <A href="/" class="brand" end>
            <img class="brand__mark" src="/icons/icon.svg" alt="" width="36" height="36" />
            <span class="brand__text">
              <span class="brand__name">{t('app.name')}</span>
              <Suspense>
                <Show when={firmName()}>
                  <span class="brand__firm">{firmName()}</span>
                </Show>
              </Suspense>
            </span>
          </A>
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" class="app-main" tabindex="-1">
        <ErrorBoundary fallback={(error, reset) => <ErrorPanel error={error} onRetry={reset} />}>
          <Suspense fallback={<PageLoading />}>{props.children}</Suspense>
        </ErrorBoundary>
      </main>
      <footer class="app-footer">
        <p class="app-footer__text">{t('app.footer')}</p>
      </footer>
    </div>
  )
}
