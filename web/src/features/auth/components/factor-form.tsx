import { useAction, useNavigate, useSubmission } from '@solidjs/router'
import { createSignal, For, Match, Show, Switch } from 'solid-js'
import { Alert } from '../../../components/alert'
import { SubmitButton } from '../../../components/submit-button'
import { TextField } from '../../../components/text-field'
import { t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import { digitsOnly, isSixDigits, normalizeRecoveryCode } from '../code-input'
import { sendSignInCode, verifySignInFactor, type FactorMethod } from '../queries'

type FactorFormProps = { methods: FactorMethod[]; email?: string }

/**
 * The second step of sign-in: a code from the authenticator app, from an e-mail (sent on
 * request), or a recovery code. Wrong codes say how many tries are left; once the sign-in has
 * expired the person starts again with the password.
 */
export function FactorForm(props: FactorFormProps) {
  const navigate = useNavigate()
  const verify = useAction(verifySignInFactor)
  const send = useAction(sendSignInCode)
  const verifying = useSubmission(verifySignInFactor)
  const sending = useSubmission(sendSignInCode)
  const first = (): FactorMethod =>
    props.methods.includes('totp') ? 'totp' : props.methods.includes('email') ? 'email' : 'recovery'
  const [mode, setMode] = createSignal<FactorMethod>(first())
  const [code, setCode] = createSignal('')
  const [fieldError, setFieldError] = createSignal<() => string>()
  const [failure, setFailure] = createSignal<ApiError>()
  const [sentTo, setSentTo] = createSignal<string>()
  const [notice, setNotice] = createSignal<() => string>()
  let input: HTMLInputElement | undefined
  let alertBox: HTMLDivElement | undefined

  const backToPassword = () =>
    navigate('/anmelden', { replace: true, state: { expired: true, email: props.email } })

  function switchTo(next: FactorMethod) {
    setMode(next)
    setCode('')
    setFieldError(undefined)
    setFailure(undefined)
    if (next === 'email' && !sentTo()) void sendCode()
    queueMicrotask(() => input?.focus())
  }

  async function sendCode() {
    if (sending.pending) return
    setFailure(undefined)
    setNotice(undefined)
    try {
      const result = await send()
      setSentTo(result.sentTo)
      queueMicrotask(() => input?.focus())
    } catch (thrown) {
      const error = toApiError(thrown)
      if (error.code === 'challenge_expired') return backToPassword()
      if (error.code === 'resend_too_soon') {
        const data = error.data as { retryAfterSeconds?: number } | undefined
        const seconds = data?.retryAfterSeconds
        return setNotice(() => () => t('factor.errors.tooSoon', { seconds: seconds ?? 60 }))
      }
      if (error.code === 'factor_unavailable')
        return setNotice(() => () => t('factor.errors.emailUnavailable'))
      setFailure(error)
      alertBox?.focus()
    }
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (verifying.pending) return
    setFailure(undefined)
    const value = mode() === 'recovery' ? normalizeRecoveryCode(code()) : digitsOnly(code())
    if (!value) return showFieldError(() => t('factor.errors.missing'))
    if (mode() !== 'recovery' && !isSixDigits(value))
      return showFieldError(() => t('factor.errors.format'))
    try {
      await verify({ method: mode(), code: value })
      navigate('/', { replace: true })
    } catch (thrown) {
      const error = toApiError(thrown)
      if (error.code === 'challenge_expired') return backToPassword()
      if (error.code === 'invalid_code') {
        const left = (error.data as { attemptsLeft?: number } | undefined)?.attemptsLeft ?? 0
        if (left <= 0) return backToPassword()
        setCode('')
        return showFieldError(() =>
          left === 1 ? t('factor.errors.invalidLast') : t('factor.errors.invalid', { left }),
        )
      }
      if (error.code === 'validation_failed')
        return showFieldError(() => t('factor.errors.format'))
      setFailure(error)
      alertBox?.focus()
    }
  }

  function showFieldError(text: () => string) {
    setFieldError(() => text)
    input?.focus()
  }

  const others = () =>
    (['totp', 'email', 'recovery'] as const).filter(
      (method) => method !== mode() && props.methods.includes(method),
    )

  return (
    <div class="factor">
      <Show when={failure()}>
        {(error) => (
          <Alert
            tone="error"
            ref={(element) => (alertBox = element)}
            detail={requestIdText(error())}
          >
            {genericErrorText(error())}
          </Alert>
        )}
      </Show>
      <p class="factor__intro">{t(`factor.intro.${mode()}`)}</p>
      <Show when={notice()}>{(text) => <Alert tone="info">{text()()}</Alert>}</Show>
      <Switch>
        <Match when={mode() === 'email' && !sentTo()}>
          <button
            type="button"
            class="button button--primary button--block"
            classList={{ 'button--pending': sending.pending }}
            aria-disabled={sending.pending ? 'true' : undefined}
            onClick={() => void sendCode()}
          >
            <span class="button__spinner" aria-hidden="true" />
            <span>{t('factor.sendCode')}</span>
          </button>
        </Match>
        <Match when={true}>
          <Show when={mode() === 'email' && sentTo()}>
            {(address) => (
              <Alert tone="success">{t('factor.codeSent', { address: address() })}</Alert>
            )}
          </Show>
          <form class="form" novalidate onSubmit={submit}>
            <TextField
              id="code"
              label={t(`factor.label.${mode()}`)}
              hint={mode() === 'recovery' ? t('factor.recoveryHint') : undefined}
              value={code()}
              onInput={(value) => {
                setCode(value)
                setFieldError(undefined)
              }}
              autocomplete={mode() === 'recovery' ? 'off' : 'one-time-code'}
              inputMode={mode() === 'recovery' ? 'text' : 'numeric'}
              maxLength={mode() === 'recovery' ? 40 : 7}
              spellcheck={false}
              variant="code"
              error={fieldError()?.()}
              ref={(element) => (input = element)}
            />
            <SubmitButton pending={verifying.pending ?? false}>
              {verifying.pending ? t('factor.verifying') : t('factor.submit')}
            </SubmitButton>
          </form>
          <Show when={mode() === 'email'}>
            <button
              type="button"
              class="link-button factor__resend"
              onClick={() => void sendCode()}
            >
              {t('factor.resend')}
            </button>
          </Show>
        </Match>
      </Switch>
      <Show when={others().length > 0}>
        <div class="factor__others">
          <p class="factor__others-title">{t('factor.othersTitle')}</p>
          <ul class="factor__others-list">
            <For each={others()}>
              {(method) => (
                <li>
                  <button type="button" class="link-button" onClick={() => switchTo(method)}>
                    {t(`factor.switch.${method}`)}
                  </button>
                </li>
              )}
            </For>
          </ul>
        </div>
      </Show>
    </div>
  )
}
