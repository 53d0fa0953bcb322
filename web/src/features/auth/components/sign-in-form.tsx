import { A, useAction, useNavigate, useSubmission } from '@solidjs/router'
import { createEffect, createSignal, Show, untrack } from 'solid-js'
import { Alert } from '../../../components/alert'
import { PasswordField } from '../../../components/password-field'
import { SubmitButton } from '../../../components/submit-button'
import { TextField } from '../../../components/text-field'
import { t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { requestIdText } from '../../../lib/error-message'
import { signIn } from '../queries'

type Field = 'email' | 'password'

const EXPECTED = new Set(['invalid_credentials', 'rate_limited', 'network_error', 'not_found'])

/**
 * E-mail and password. Any refusal is reported with one generic sentence (it must not tell which
 * part was wrong). Next comes the second-factor prompt, or (no factor yet) the portal itself.
 */
export function SignInForm(props: { email?: string }) {
  const navigate = useNavigate()
  const runSignIn = useAction(signIn)
  const submission = useSubmission(signIn)
  const [email, setEmail] = createSignal('')
  const [password, setPassword] = createSignal('')
  const [errors, setErrors] = createSignal<Partial<Record<Field, () => string>>>({})
  const [failure, setFailure] = createSignal<ApiError>()
  const controls: Partial<Record<Field, HTMLInputElement>> = {}
  let alertBox: HTMLDivElement | undefined

  // Prefill the address handed over by the setup page (it may arrive after the first render).
  createEffect(() => {
    const given = props.email
    if (given && !untrack(email)) setEmail(given)
  })

  const failureText = (error: ApiError) => {
    if (error.code === 'not_found') return t('signIn.errors.notAvailable')
    if (error.code === 'network_error') return t('errors.network')
    if (error.code === 'rate_limited') return t('errors.rateLimited')
    if (error.code === 'invalid_credentials') return t('signIn.errors.invalid')
    return t('signIn.errors.failed')
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (submission.pending) return
    setFailure(undefined)
    const found: Partial<Record<Field, () => string>> = {}
    if (!email().trim()) found.email = () => t('signIn.errors.emailMissing')
    if (!password()) found.password = () => t('signIn.errors.passwordMissing')
    setErrors(found)
    const first = (['email', 'password'] as const).find((field) => found[field])
    if (first) return controls[first]?.focus()
    try {
      const result = await runSignIn({ email: email().trim(), password: password() })
      if (result.next === 'second_factor')
        navigate('/anmelden/zweiter-faktor', {
          state: { methods: result.methods, email: email().trim() },
        })
      else navigate('/', { replace: true })
    } catch (thrown) {
      setFailure(toApiError(thrown))
      alertBox?.focus()
    }
  }

  return (
    <form class="form" novalidate onSubmit={submit}>
      <Show when={failure()}>
        {(error) => (
          <Alert
            tone="error"
            ref={(element) => (alertBox = element)}
            detail={EXPECTED.has(error().code) ? undefined : requestIdText(error())}
          >
            {failureText(error())}
          </Alert>
        )}
      </Show>
      <TextField
        id="email"
        type="email"
        label={t('signIn.fields.email')}
        value={email()}
        onInput={(value) => {
          setEmail(value)
          setErrors({ ...errors(), email: undefined })
        }}
        autocomplete="username"
        spellcheck={false}
        error={errors().email?.()}
        ref={(element) => (controls.email = element)}
      />
      <PasswordField
        id="password"
        label={t('signIn.fields.password')}
        value={password()}
        onInput={(value) => {
          setPassword(value)
          setErrors({ ...errors(), password: undefined })
        }}
        autocomplete="current-password"
        error={errors().password?.()}
        ref={(element) => (controls.password = element)}
      />
      <p class="form__aside-link">
        <A href="/passwort-vergessen">{t('signIn.forgotPassword')}</A>
      </p>
      <SubmitButton pending={submission.pending ?? false}>
        {submission.pending ? t('signIn.submitting') : t('signIn.submit')}
      </SubmitButton>
    </form>
  )
}
