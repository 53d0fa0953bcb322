import { useAction, useSubmission } from '@solidjs/router'
import { createSignal, Match, onMount, Show, Switch } from 'solid-js'
import { Alert } from '../../../components/alert'
import { PageLoading } from '../../../components/page-loading'
import { t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import { startEmailEnrolment, type Confirmed } from '../queries'
import { ConfirmCodeForm } from './confirm-code-form'

export type EmailEnrolment = { factorId: string; sentTo: string }

type EmailSetupProps = {
  /** A code already sent in this visit (kept by the wizard when the person goes back). */
  enrolment: EmailEnrolment | undefined
  onStarted: (enrolment: EmailEnrolment) => void
  onConfirmed: (result: Confirmed) => void
  onBack: () => void
}

type Problem = 'exists' | 'unavailable'

/** Setting up the e-mail factor: a code goes to the account's address and comes back typed. */
export function EmailSetup(props: EmailSetupProps) {
  const start = useAction(startEmailEnrolment)
  const submission = useSubmission(startEmailEnrolment)
  const [problem, setProblem] = createSignal<Problem>()
  const [failure, setFailure] = createSignal<ApiError>()
  const [notice, setNotice] = createSignal<() => string>()

  async function send() {
    if (submission.pending) return
    setFailure(undefined)
    setNotice(undefined)
    const again = Boolean(props.enrolment)
    try {
      props.onStarted(await start())
      if (again) setNotice(() => () => t('enrol.email.resent'))
    } catch (thrown) {
      const error = toApiError(thrown)
      if (error.code === 'factor_exists') return void setProblem('exists')
      if (error.code === 'factor_unavailable') return void setProblem('unavailable')
      if (error.code === 'resend_too_soon')
        return void setNotice(() => () => t('enrol.email.tooSoon'))
      setFailure(error)
    }
  }
  onMount(() => {
    if (!props.enrolment) void send()
  })

  return (
    <div class="email-setup">
      <Show when={failure()}>
        {(error) => (
          <Alert tone="error" detail={requestIdText(error())}>
            {genericErrorText(error())}
          </Alert>
        )}
      </Show>
      <Switch>
        <Match when={problem()}>
          {(current) => (
            <>
              <Alert tone="info">{t(`enrol.email.${current()}`)}</Alert>
              <button type="button" class="button button--secondary" onClick={() => props.onBack()}>
                {t('enrol.back')}
              </button>
            </>
          )}
        </Match>
        <Match when={props.enrolment}>
          {(current) => (
            <>
              <Alert tone="success">{t('enrol.email.sent', { address: current().sentTo })}</Alert>
              <Show when={notice()}>{(text) => <p class="form__note">{text()()}</p>}</Show>
              <ConfirmCodeForm
                factorId={current().factorId}
                kind="email"
                onConfirmed={(result) => props.onConfirmed(result)}
                onLost={() => void send()}
              />
              <p class="enrol__resend">
                <button type="button" class="link-button" onClick={() => void send()}>
                  {t('enrol.email.resend')}
                </button>
              </p>
            </>
          )}
        </Match>
        <Match when={!failure()}>
          <PageLoading />
        </Match>
      </Switch>
    </div>
  )
}
