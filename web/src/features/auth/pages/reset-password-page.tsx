import { A, useAction, useNavigate, useSubmission } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { ShieldIcon } from '../../../components/icons'
import { SubmitButton } from '../../../components/submit-button'
import { t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import { takeFragmentToken } from '../../../lib/fragment-token'
import { usePageTitle } from '../../../lib/page-title'
import { AuthLayout } from '../components/auth-layout'
import { NewPasswordFields } from '../components/new-password-fields'
import {
  createPasswordCheck,
  rejectedPasswordError,
  validateNewPassword,
  type NewPasswordErrors,
} from '../password-check'
import { completePasswordReset } from '../queries'

/**
 * /passwort-zuruecksetzen#<token>: a new password from a mailed link. It does not sign anyone in:
 * afterwards the person signs in with the new password and the second factor as always.
 */
export default function ResetPasswordPage() {
  usePageTitle('reset.title')
  const token = takeFragmentToken()
  const navigate = useNavigate()
  const complete = useAction(completePasswordReset)
  const submission = useSubmission(completePasswordReset)
  const check = createPasswordCheck()
  const [password, setPassword] = createSignal('')
  const [repeat, setRepeat] = createSignal('')
  const [errors, setErrors] = createSignal<NewPasswordErrors>({})
  const [failure, setFailure] = createSignal<ApiError>()
  const [invalid, setInvalid] = createSignal(!token)
  let passwordInput: HTMLInputElement | undefined
  let repeatInput: HTMLInputElement | undefined
  let alertBox: HTMLDivElement | undefined

  function showErrors(found: NewPasswordErrors): boolean {
    setErrors(found)
    if (found.password) passwordInput?.focus()
    else if (found.repeat) repeatInput?.focus()
    return Boolean(found.password || found.repeat)
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (submission.pending || !token) return
    setFailure(undefined)
    if (showErrors(validateNewPassword(password(), repeat(), check(), {}))) return
    try {
      await complete({ token, password: password() })
      navigate('/anmelden', { replace: true, state: { passwordReset: true } })
    } catch (thrown) {
      const error = toApiError(thrown)
      const rejected = rejectedPasswordError(error)
      if (rejected) return void showErrors(rejected)
      if (error.code === 'reset_invalid') return void setInvalid(true)
      setFailure(error)
      alertBox?.focus()
    }
  }

  return (
    <AuthLayout
      eyebrow={t('reset.eyebrow')}
      title={t('reset.title')}
      lead={t('reset.lead')}
      aside={
        <>
          <h2 class="auth__aside-title">{t('reset.asideTitle')}</h2>
          <p class="auth__aside-text">{t('reset.asideText')}</p>
          <p class="auth__aside-note">
            <ShieldIcon />
            <span>{t('reset.asideNote')}</span>
          </p>
        </>
      }
    >
      <Show
        when={!invalid()}
        fallback={
          <>
            <Alert tone="error">{t('reset.invalid')}</Alert>
            <A href="/passwort-vergessen" class="button button--primary">
              {t('reset.requestNew')}
            </A>
          </>
        }
      >
        <form class="form" novalidate onSubmit={submit}>
          <Show when={failure()}>
            {(error) => (
              <Alert tone="error" ref={(el) => (alertBox = el)} detail={requestIdText(error())}>
                {genericErrorText(error())}
              </Alert>
            )}
          </Show>
          <NewPasswordFields
            password={password()}
            repeat={repeat()}
            onPassword={(value) => {
              setPassword(value)
              setErrors({ ...errors(), password: undefined })
            }}
            onRepeat={(value) => {
              setRepeat(value)
              setErrors({ ...errors(), repeat: undefined })
            }}
            check={check()}
            context={{}}
            errors={errors()}
            passwordRef={(el) => (passwordInput = el)}
            repeatRef={(el) => (repeatInput = el)}
          />
          <SubmitButton pending={submission.pending ?? false}>
            {submission.pending ? t('reset.submitting') : t('reset.submit')}
          </SubmitButton>
        </form>
      </Show>
    </AuthLayout>
  )
}
