import { A, createAsync } from '@solidjs/router'
import { createSignal, For, Match, Switch } from 'solid-js'
import { Alert } from '../../../components/alert'
import { ServerIcon } from '../../../components/icons'
import { t } from '../../../i18n'
import { ApiError, toApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import { takeFragmentToken } from '../../../lib/fragment-token'
import { usePageTitle } from '../../../lib/page-title'
import { AuthLayout } from '../components/auth-layout'
import { InvitationForm } from '../components/invitation-form'
import { getInvitation, type Invitation } from '../queries'

type Loaded = { invitation: Invitation } | { error: ApiError }

const STEPS = [
  ['invitation.steps.password', 'invitation.steps.passwordDetail'],
  ['invitation.steps.factor', 'invitation.steps.factorDetail'],
  ['invitation.steps.portal', 'invitation.steps.portalDetail'],
] as const

/**
 * /einladung#<token>: the invited person sees the firm, their name and address, and sets a
 * password. The token is taken from the fragment and removed from the address bar at once.
 */
export default function InvitationPage() {
  usePageTitle('invitation.title')
  const token = takeFragmentToken()
  const [usedUp, setUsedUp] = createSignal(false)
  const loaded = createAsync<Loaded>(async () =>
    token
      ? getInvitation(token).then(
          (invitation) => ({ invitation }),
          (error: unknown) => ({ error: toApiError(error) }),
        )
      : { error: new ApiError('invitation_invalid', { status: 404 }) },
  )
  const invitation = () => {
    const result = loaded()
    return result && 'invitation' in result && !usedUp() ? result.invitation : undefined
  }
  const error = () => {
    const result = loaded()
    return result && 'error' in result ? result.error : undefined
  }
  const invalid = () => usedUp() || error()?.code === 'invitation_invalid'

  return (
    <AuthLayout
      eyebrow={t('invitation.eyebrow')}
      title={t('invitation.title')}
      lead={
        invitation()
          ? t('invitation.lead', { firm: invitation()!.firmName })
          : t('invitation.leadPlain')
      }
      aside={
        <>
          <h2 class="auth__aside-title">{t('invitation.asideTitle')}</h2>
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
            <span>{t('invitation.asideNote')}</span>
          </p>
        </>
      }
    >
      <Switch>
        <Match when={invalid()}>
          <Alert tone="error">{t('invitation.invalid')}</Alert>
          <p class="auth__text">
            <A href="/anmelden">{t('invitation.toSignIn')}</A>
          </p>
        </Match>
        <Match when={invitation()}>
          {(current) => (
            <InvitationForm
              token={token!}
              invitation={current()}
              onInvalid={() => setUsedUp(true)}
            />
          )}
        </Match>
        <Match when={error()}>
          {(current) => (
            <Alert tone="error" detail={requestIdText(current())}>
              {genericErrorText(current())}
            </Alert>
          )}
        </Match>
      </Switch>
    </AuthLayout>
  )
}
