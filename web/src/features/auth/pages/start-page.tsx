import { Navigate, createAsync, revalidate } from '@solidjs/router'
import { ErrorBoundary, Show } from 'solid-js'
import { ErrorPanel } from '../../../components/error-panel'
import { usePageTitle } from '../../../lib/page-title'
import { getSetupState } from '../queries'

/**
 * "/": leads to the first-run page while the portal is not set up, otherwise to sign-in (the
 * signed-in start page follows with the sign-in issue).
 */
export default function StartPage() {
  usePageTitle('start.title')
  return (
    <ErrorBoundary
      fallback={(error, reset) => (
        <ErrorPanel
          error={error}
          onRetry={() => {
            void revalidate(getSetupState.key)
            reset()
          }}
        />
      )}
    >
      <StartRedirect />
    </ErrorBoundary>
  )
}

function StartRedirect() {
  const state = createAsync(() => getSetupState())
  return (
    <Show when={state()}>
      {(current) => <Navigate href={current().needsSetup ? '/einrichtung' : '/anmelden'} />}
    </Show>
  )
}
