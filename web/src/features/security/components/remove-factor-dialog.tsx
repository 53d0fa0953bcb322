import { useAction, useSubmission } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { createStore } from 'solid-js/store'
import { Alert } from '../../../components/alert'
import { Dialog } from '../../../components/dialog'
import { t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import { removeFactor, type Factor } from '../queries'
import {
  defaultMethod,
  ProofFields,
  proofFailedErrors,
  toProof,
  validateProof,
  type ProofErrors,
  type ProofValues,
} from './proof-fields'

type RemoveFactorDialogProps = {
  factor: Factor | undefined
  kinds: ('totp' | 'email')[]
  onClose: () => void
  onRemoved: () => void
}

/** Removing a factor needs the password and a current code; the last one may have to stay. */
export function RemoveFactorDialog(props: RemoveFactorDialogProps) {
  return (
    <Dialog
      open={Boolean(props.factor)}
      title={t('factors.removeTitle')}
      description={t('factors.removeText')}
      onClose={() => props.onClose()}
    >
      <RemoveFactorForm
        factor={props.factor!}
        kinds={props.kinds}
        onCancel={() => props.onClose()}
        onRemoved={() => props.onRemoved()}
      />
    </Dialog>
  )
}

function RemoveFactorForm(props: {
  factor: Factor
  kinds: ('totp' | 'email')[]
  onCancel: () => void
  onRemoved: () => void
}) {
  const remove = useAction(removeFactor)
  const submission = useSubmission(removeFactor)
  const [values, setValues] = createStore<ProofValues>({
    password: '',
    method: defaultMethod(props.kinds),
    code: '',
  })
  const [errors, setErrors] = createSignal<ProofErrors>({})
  const [failure, setFailure] = createSignal<ApiError>()
  let passwordInput: HTMLInputElement | undefined
  let codeInput: HTMLInputElement | undefined

  function showErrors(found: ProofErrors): boolean {
    setErrors(found)
    if (found.password) passwordInput?.focus()
    else if (found.code) codeInput?.focus()
    return Boolean(found.password || found.code)
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (submission.pending) return
    setFailure(undefined)
    if (showErrors(validateProof(values, true))) return
    try {
      await remove({ factorId: props.factor.id, proof: toProof(values, true) })
      props.onRemoved()
    } catch (thrown) {
      const error = toApiError(thrown)
      if (error.code === 'proof_failed') return void showErrors(proofFailedErrors(error.data))
      setFailure(error)
    }
  }

  return (
    <form class="form" novalidate onSubmit={submit}>
      <Show when={failure()}>
        {(error) => (
          <Alert tone="error" detail={requestIdText(error())}>
            {error().code === 'last_factor'
              ? t('factors.lastFactor')
              : genericErrorText(error())}
          </Alert>
        )}
      </Show>
      <ProofFields
        id="remove"
        values={values}
        onChange={(field, value) => {
          setValues(field, value as never)
          if (field === 'method') setValues('code', '')
          setErrors({})
        }}
        kinds={props.kinds}
        errors={errors()}
        passwordRef={(el) => (passwordInput = el)}
        codeRef={(el) => (codeInput = el)}
      />
      <div class="form__actions">
        <button type="button" class="button button--secondary" onClick={() => props.onCancel()}>
          {t('common.cancel')}
        </button>
        <button
          type="submit"
          class="button button--danger"
          classList={{ 'button--pending': submission.pending }}
          aria-disabled={submission.pending ? 'true' : undefined}
        >
          <span class="button__spinner" aria-hidden="true" />
          <span>{t('factors.removeSubmit')}</span>
        </button>
      </div>
    </form>
  )
}
