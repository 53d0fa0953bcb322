import { useLocation } from '@solidjs/router'
import { For, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { LockIcon, ServerIcon, ShieldIcon } from '../../../components/icons'
import { t } from '../../../i18n'
import { usePageTitle } from '../../../lib/page-title'
import { AuthLayout } from '../components/auth-layout'
import { SignInForm } from '../components/sign-in-form'

type ArrivalState = { setupDone?: boolean; email?: string } | undefined

const POINTS = [
  { icon: LockIcon, key: 'signIn.points.encrypted' },
  { icon: ShieldIcon, key: 'signIn.points.factor' },
  { icon: ServerIcon, key: 'signIn.points.onPremise' },
] as const

/** /anmelden: the sign-in form; right after the first-run setup it greets the new admin. */
export default function SignInPage() {
  usePageTitle('signIn.title')
  const location = useLocation<ArrivalState>()
  const arrival = () => location.state ?? undefined

  return (
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
      <Show when={arrival()?.setupDone}>
        <Alert tone="success">{t('signIn.setupDone')}</Alert>
      </Show>
      <SignInForm email={arrival()?.email} />
    </AuthLayout>
  )
}
