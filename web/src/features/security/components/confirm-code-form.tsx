import { useAction, useSubmission } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { SubmitButton } from '../../../components/submit-button'
import { TextField } from '../../../components/text-field'
import { t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import { digitsOnly, isSixDigits } from '../../auth/code-input'
import { confirmFactor, type Confirmed } from '../queries'

type ConfirmCodeFormProps = {
  factorId: string
  kind: 'totp' | 'email'
  onConfirmed: (result: Confirmed) => void
  /** The factor being set up is gone (e.g. replaced in another tab): start over. */
  onLost: () => void
}

/** The last step of setting up a factor: the first code it produced proves it works. */
export function ConfirmCodeForm(props: ConfirmCodeFormProps) {
  const confirm = useAction(confirmFactor)
  const submission = useSubmission(confirmFactor)
  const [code, setCode] = createSignal('')
  const [error, setError] = createSignal<() => string>()
  const [failure, setFailure] = createSignal<ApiError>()
  let input: HTMLInputElement | undefined

  function showError(text: () => string) {
    setError(() => text)
    input?.focus()
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (submission.pending) return
    setFailure(undefined)
    if (!digitsOnly(code())) return showError(() => t('factor.errors.missing'))
    if (!isSixDigits(code())) return showError(() => t('factor.errors.format'))
    try {
      props.onConfirmed(await confirm({ factorId: props.factorId, code: digitsOnly(code()) }))
    } catch (thrown) {
      const apiError = toApiError(thrown)
      if (apiError.code === 'invalid_code') {
        setCode('')
        return showError(() => t(`enrol.errors.invalid.${props.kind}`))
      }
      if (apiError.code === 'not_found') return props.onLost()
      setFailure(apiError)
    }
  }

  return (
    <form class="form confirm-code" novalidate onSubmit={submit}>
      <Show when={failure()}>
        {(current) => (
          <Alert tone="error" detail={requestIdText(current())}>
            {genericErrorText(current())}
          </Alert>
        )}
      </Show>
      <TextField
        id="confirm-code"
        label={t(`enrol.codeLabel.${props.kind}`)}
        value={code()}
        onInput={(value) => {
          setCode(value)
          setError(undefined)
        }}
        autocomplete="one-time-code"
        inputMode="numeric"
        maxLength={7}
        spellcheck={false}
        variant="code"
        error={error()?.()}
        ref={(element) => (input = element)}
      />
      <SubmitButton pending={submission.pending ?? false}>
        {submission.pending ? t('enrol.confirming') : t('enrol.confirm')}
      </SubmitButton>
    </form>
  )
}
