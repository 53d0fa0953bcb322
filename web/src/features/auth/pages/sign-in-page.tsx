import { Navigate, createAsync, useLocation, useSearchParams } from '@solidjs/router'
import { For, Match, Show, Switch } from 'solid-js'
import { Alert } from '../../../components/alert'
import { LockIcon, ServerIcon, ShieldIcon } from '../../../components/icons'
import { t } from '../../../i18n'
import { usePageTitle } from '../../../lib/page-title'
import { AuthLayout } from '../components/auth-layout'
import { SignInForm } from '../components/sign-in-form'
import { getCurrentAccount } from '../queries'

/** What the page before handed over: why we are here, and the address to prefill. */
export type SignInArrival =
  | { setupDone?: boolean; expired?: boolean; passwordReset?: boolean; email?: string }
  | undefined

const POINTS = [
  { icon: LockIcon, key: 'signIn.points.encrypted' },
  { icon: ShieldIcon, key: 'signIn.points.factor' },
  { icon: ServerIcon, key: 'signIn.points.onPremise' },
] as const

/**
 * /anmelden: the sign-in form, with a word on why the person is here (setup done, signed out,
 * sign-in expired, password reset). A signed-in person goes on to the portal.
 */
export default function SignInPage() {
  usePageTitle('signIn.title')
  const location = useLocation<SignInArrival>()
  const [search] = useSearchParams()
  const arrival = () => location.state ?? undefined
  const account = createAsync(() => getCurrentAccount().catch(() => null))

  return (
    <Show when={!account()} fallback={<Navigate href="/" />}>
      <AuthLayout
        eyebrow={t('signIn.eyebrow')}
        title={t('signIn.title')}
        lead={t('signIn.lead')}
        aside={
          <>
            <h2 class="auth__aside-title">{t('signIn.asideTitle')}</h2>
            <ul class="points">
              <For each={POINTS}>
                {(point) => (
                  <li class="points__item">
                    <point.icon class="icon points__icon" />
                    <span>{t(point.key)}</span>
                  </li>
                )}
              </For>
            </ul>
          </>
        }
      >
        <Switch>
          <Match when={arrival()?.setupDone}>
            <Alert tone="success">{t('signIn.setupDone')}</Alert>
          </Match>
          <Match when={arrival()?.passwordReset}>
            <Alert tone="success">{t('signIn.passwordReset')}</Alert>
          </Match>
          <Match when={arrival()?.expired}>
            <Alert tone="info">{t('signIn.expired')}</Alert>
          </Match>
          <Match when={search.abgemeldet}>
            <Alert tone="success">{t('signIn.signedOut')}</Alert>
          </Match>
        </Switch>
        <SignInForm email={arrival()?.email} />
      </AuthLayout>
    </Show>
  )
}
