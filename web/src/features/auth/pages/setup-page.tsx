import { Navigate, createAsync } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { ServerIcon } from '../../../components/icons'
import { t } from '../../../i18n'
import { usePageTitle } from '../../../lib/page-title'
import { AuthLayout } from '../components/auth-layout'
import { SetupForm } from '../components/setup-form'
import { getSetupState } from '../queries'

const STEPS = [
  ['setup.steps.account', 'setup.steps.accountDetail'],
  ['setup.steps.factor', 'setup.steps.factorDetail'],
  ['setup.steps.clients', 'setup.steps.clientsDetail'],
] as const

/** /einrichtung: creates the firm and its first admin; once that exists it leads to sign-in. */
export default function SetupPage() {
  usePageTitle('setup.title')
  const [done, setDone] = createSignal(false)
  // If the state cannot be read, the form is still shown: the server refuses a second setup.
  const state = createAsync(() => getSetupState().catch(() => undefined))

  return (
    <Show when={state()?.needsSetup !== false || done()} fallback={<Navigate href="/anmelden" />}>
      <AuthLayout
        eyebrow={t('setup.eyebrow')}
        title={t('setup.title')}
        lead={t('setup.lead')}
        aside={
          <>
            <h2 class="auth__aside-title">{t('setup.asideTitle')}</h2>
            <ol class="steps">
              <For each={STEPS}>
                {(step, index) => (
                  <li class="steps__item" classList={{ 'steps__item--current': index() === 0 }}>
                    <span class="steps__number" aria-hidden="true">
                      {index() + 1}
                    </span>
                    <span class="steps__text">
                      <strong class="steps__title">{t(step[0])}</strong>
                      <span class="steps__detail">{t(step[1])}</span>
                    </span>
                  </li>
                )}
              </For>
            </ol>
            <p class="auth__aside-note">
              <ServerIcon />
              <span>{t('setup.asideText')}</span>
            </p>
          </>
        }
      >
        <SetupForm onDone={() => setDone(true)} />
      </AuthLayout>
    </Show>
  )
}
