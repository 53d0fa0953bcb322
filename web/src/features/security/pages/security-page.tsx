import { ErrorBoundary, Show, Suspense, type JSX } from 'solid-js'
import { Alert } from '../../../components/alert'
import { LockIcon, ShieldIcon } from '../../../components/icons'
import { ClockIcon, KeyIcon, MonitorIcon } from '../../../components/object-icons'
import { PageLoading } from '../../../components/page-loading'
import { t } from '../../../i18n'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import { usePageTitle } from '../../../lib/page-title'
import { useAccount } from '../../auth/account-context'
import { ChangePasswordForm } from '../components/change-password-form'
import { FactorList } from '../components/factor-list'
import { SecurityEvents } from '../components/security-events'
import { SecuritySection } from '../components/security-section'
import { SessionList } from '../components/session-list'
import '../security.css'

/** A section's own loading and failure state, so one failing list does not hide the others. */
function Guarded(props: { children: JSX.Element }) {
  return (
    <ErrorBoundary
      fallback={(error) => (
        <Alert tone="error" detail={requestIdText(error)}>
          {genericErrorText(error)}
        </Alert>
      )}
    >
      <Suspense fallback={<PageLoading />}>{props.children}</Suspense>
    </ErrorBoundary>
  )
}

/**
 * /sicherheit: the person's second factors, where they are signed in, the password, and what
 * happened recently (sign-ins, failures, changes).
 */
export default function SecurityPage() {
  usePageTitle('security.title')
  const account = useAccount()

  return (
    <Show when={account()}>
      {(current) => (
        <div class="page security">
          <header class="page-head">
            <p class="eyebrow eyebrow--on-dark">{t('security.eyebrow')}</p>
            <h1 id="page-title" class="page-head__title">
              {t('security.title')}
            </h1>
            <p class="page-head__lead">{t('security.lead')}</p>
          </header>
          <div class="security__grid">
            <SecuritySection
              id="factors"
              title={t('factors.title')}
              text={t('factors.text')}
              icon={<ShieldIcon />}
            >
              <Guarded>
                <FactorList account={current()} />
              </Guarded>
            </SecuritySection>
            <SecuritySection
              id="sessions"
              title={t('sessions.title')}
              text={t('sessions.text')}
              icon={<MonitorIcon />}
            >
              <Guarded>
                <SessionList />
              </Guarded>
            </SecuritySection>
            <SecuritySection
              id="password"
              title={t('changePassword.title')}
              text={t('changePassword.text')}
              icon={<KeyIcon />}
            >
              <Guarded>
                <ChangePasswordForm account={current()} />
              </Guarded>
            </SecuritySection>
            <SecuritySection
              id="events"
              title={t('events.title')}
              text={t('events.text')}
              icon={<ClockIcon />}
            >
              <Guarded>
                <SecurityEvents />
              </Guarded>
            </SecuritySection>
          </div>
          <p class="security__note">
            <LockIcon />
            <span>{t('security.note')}</span>
          </p>
        </div>
      )}
    </Show>
  )
}
