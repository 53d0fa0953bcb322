import { A, useAction, useSubmission } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { MailIcon } from '../../../components/object-icons'
import { ShieldIcon } from '../../../components/icons'
import { SubmitButton } from '../../../components/submit-button'
import { TextField } from '../../../components/text-field'
import { t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import { usePageTitle } from '../../../lib/page-title'
import { AuthLayout } from '../components/auth-layout'
import { requestPasswordReset } from '../queries'

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/**
 * /passwort-vergessen: asks for a reset link. The answer reads the same whether or not the
 * address has an account, so the page cannot be used to find out who is a client of the firm.
 */
export default function ForgotPasswordPage() {
  usePageTitle('forgot.title')
  const request = useAction(requestPasswordReset)
  const submission = useSubmission(requestPasswordReset)
  const [email, setEmail] = createSignal('')
  const [error, setError] = createSignal<() => string>()
  const [failure, setFailure] = createSignal<ApiError>()
  const [sent, setSent] = createSignal(false)
  let input: HTMLInputElement | undefined
  let done: HTMLDivElement | undefined

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (submission.pending) return
    setFailure(undefined)
    const address = email().trim()
    if (!address) return showError(() => t('forgot.errors.missing'))
    if (!EMAIL.test(address)) return showError(() => t('forgot.errors.invalid'))
    try {
      await request(address)
      setSent(true)
      done?.focus()
    } catch (thrown) {
      setFailure(toApiError(thrown))
    }
  }

  function showError(text: () => string) {
    setError(() => text)
    input?.focus()
  }

  return (
    <AuthLayout
      eyebrow={t('forgot.eyebrow')}
      title={t('forgot.title')}
      lead={t('forgot.lead')}
      aside={
        <>
          <h2 class="auth__aside-title">{t('forgot.asideTitle')}</h2>
          <ul class="points">
            <li class="points__item">
              <MailIcon class="icon points__icon" />
              <span>{t('forgot.points.link')}</span>
            </li>
            <li class="points__item">
              <ShieldIcon class="icon points__icon" />
              <span>{t('forgot.points.factor')}</span>
            </li>
          </ul>
        </>
      }
    >
      <Show
        when={!sent()}
        fallback={
          <>
            <Alert tone="success" ref={(el) => (done = el)}>
              {t('forgot.sent', { email: email().trim() })}
            </Alert>
            <p class="auth__text">{t('forgot.sentHint')}</p>
            <A href="/anmelden" class="button button--secondary">
              {t('forgot.toSignIn')}
            </A>
          </>
        }
      >
        <form class="form" novalidate onSubmit={submit}>
          <Show when={failure()}>
            {(current) => (
              <Alert tone="error" detail={requestIdText(current())}>
                {genericErrorText(current())}
              </Alert>
            )}
          </Show>
          <TextField
            id="email"
            type="email"
            label={t('forgot.email')}
            value={email()}
            onInput={(value) => {
              setEmail(value)
              setError(undefined)
            }}
            autocomplete="username"
            spellcheck={false}
            error={error()?.()}
            ref={(el) => (input = el)}
          />
          <SubmitButton pending={submission.pending ?? false}>
            {submission.pending ? t('forgot.submitting') : t('forgot.submit')}
          </SubmitButton>
          <p class="form__aside-link form__aside-link--center">
            <A href="/anmelden">{t('forgot.back')}</A>
          </p>
        </form>
      </Show>
    </AuthLayout>
  )
}
