import { A, createAsync, type RouteSectionProps } from '@solidjs/router'
import { ErrorBoundary, Show, Suspense } from 'solid-js'
import { factorOverdue } from '../features/auth/account'
import { getCurrentAccount, getSetupState } from '../features/auth/queries'
import { SignedInChrome } from '../features/shell/components/signed-in-chrome'
import { UserMenu } from '../features/shell/components/user-menu'
import { t } from '../i18n'
import { now } from '../lib/clock'
import { ErrorPanel } from './error-panel'
import { LanguageSwitch } from './language-switch'
import { PageLoading } from './page-loading'

/**
 * The frame around every page: skip link, header with the portal's and the firm's name and the
 * language switch (for signed-in people also their menu, the section tabs and the second-factor
 * reminder), footer.
 */
export function AppFrame(props: RouteSectionProps) {
  // The firm's name once it is set up; the header stays plain when it cannot be read.
  const firmName = createAsync(() =>
    getSetupState().then(
      (state) => state.firmName ?? undefined,
      () => undefined,
    ),
  )
  // Who is signed in; the header shows nothing personal when that cannot be read.
  const account = createAsync(() => getCurrentAccount().catch(() => null))
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
          <div class="app-header__tools">
            <LanguageSwitch />
            <Suspense>
              <Show when={account()}>
                {(current) => (
                  <UserMenu account={current()} overdue={factorOverdue(current(), now())} />
                )}
              </Show>
            </Suspense>
          </div>
        </div>
        <Suspense>
          <Show when={account()}>{(current) => <SignedInChrome account={current()} />}</Show>
        </Suspense>
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
