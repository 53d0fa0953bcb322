import { Navigate, useLocation } from '@solidjs/router'
import { Show } from 'solid-js'
import { KeyIcon } from '../../../components/object-icons'
import { ShieldIcon } from '../../../components/icons'
import { t } from '../../../i18n'
import { usePageTitle } from '../../../lib/page-title'
import { AuthLayout } from '../components/auth-layout'
import { FactorForm } from '../components/factor-form'
import type { FactorMethod } from '../queries'

type FactorArrival = { methods?: FactorMethod[]; email?: string } | undefined

/**
 * /anmelden/zweiter-faktor: the code after the password. The sign-in page hands over which
 * methods the account has (kept in the history entry, so a reload still knows them); without
 * them the person starts at the password again.
 */
export default function FactorPage() {
  usePageTitle('factor.title')
  const location = useLocation<FactorArrival>()
  const methods = () => location.state?.methods

  return (
    <Show when={methods()?.length} fallback={<Navigate href="/anmelden" />}>
      <AuthLayout
        eyebrow={t('factor.eyebrow')}
        title={t('factor.title')}
        lead={t('factor.lead')}
        aside={
          <>
            <h2 class="auth__aside-title">{t('factor.asideTitle')}</h2>
            <p class="auth__aside-text">{t('factor.asideText')}</p>
            <p class="auth__aside-note">
              <KeyIcon />
              <span>{t('factor.asideHelp')}</span>
            </p>
            <p class="auth__aside-note auth__aside-note--plain">
              <ShieldIcon />
              <span>{t('factor.asideLost')}</span>
            </p>
          </>
        }
      >
        <FactorForm methods={methods()!} email={location.state?.email} />
      </AuthLayout>
    </Show>
  )
}
