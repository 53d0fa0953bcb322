import { createAsync, useAction, useSubmission } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { createStore } from 'solid-js/store'
import { Alert } from '../../../components/alert'
import { CheckboxField } from '../../../components/checkbox-field'
import { SubmitButton } from '../../../components/submit-button'
import { t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import { NewPasswordFields } from '../../auth/components/new-password-fields'
import {
  createPasswordCheck,
  rejectedPasswordError,
  validateNewPassword,
  type NewPasswordErrors,
} from '../../auth/password-check'
import { getSetupState, type CurrentAccount } from '../../auth/queries'
import { changePassword, getFactors } from '../queries'
import {
  defaultMethod,
  ProofFields,
  proofFailedErrors,
  toProof,
  validateProof,
  type ProofErrors,
  type ProofValues,
} from './proof-fields'

const FIELDS = ['password', 'code', 'newPassword', 'repeat'] as const
type Field = (typeof FIELDS)[number]
/** Error texts as thunks, so they follow a language switch while shown. */
type Errors = Partial<Record<Field, () => string>>

const fromProof = (found: ProofErrors): Errors => ({ password: found.password, code: found.code })
const fromNew = (found: NewPasswordErrors): Errors => ({
  newPassword: found.password,
  repeat: found.repeat,
})

/**
 * Changing the password: the current one and a current code prove it is the owner; the new one
 * gets the live check; other sessions end unless the person keeps them.
 */
export function ChangePasswordForm(props: { account: CurrentAccount }) {
  const change = useAction(changePassword)
  const submission = useSubmission(changePassword)
  const factors = createAsync(() => getFactors())
  const setup = createAsync(() => getSetupState().catch(() => undefined))
  const check = createPasswordCheck()
  const kinds = () => [...new Set((factors() ?? []).map((factor) => factor.kind))]
  const [proof, setProof] = createStore<ProofValues>({ password: '', method: 'totp', code: '' })
  const [fresh, setFresh] = createStore({ password: '', repeat: '' })
  const [endOthers, setEndOthers] = createSignal(true)
  const [errors, setErrors] = createSignal<Errors>({})
  const [failure, setFailure] = createSignal<ApiError>()
  const [changed, setChanged] = createSignal(false)
  const inputs: Partial<Record<Field, HTMLInputElement>> = {}
  // The chosen method, or the account's first one while the choice is not among its factors.
  const method = () =>
    proof.method === 'recovery' || kinds().includes(proof.method)
      ? proof.method
      : defaultMethod(kinds())
  const context = () => ({
    firmName: setup()?.firmName ?? undefined,
    name: props.account.displayName,
    email: props.account.email,
  })

  function showErrors(found: Errors): boolean {
    setErrors(found)
    const first = FIELDS.find((field) => found[field])
    if (first) inputs[first]?.focus()
    return Boolean(first)
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (submission.pending) return
    setFailure(undefined)
    setChanged(false)
    const values = { ...proof, method: method() }
    const hasFactor = kinds().length > 0
    const found = {
      ...fromProof(validateProof(values, hasFactor)),
      ...fromNew(validateNewPassword(fresh.password, fresh.repeat, check(), context())),
    }
    if (showErrors(found)) return
    try {
      await change({
        ...toProof(values, hasFactor),
        newPassword: fresh.password,
        endOtherSessions: endOthers(),
      })
      setProof({ password: '', code: '' })
      setFresh({ password: '', repeat: '' })
      setChanged(true)
    } catch (thrown) {
      const error = toApiError(thrown)
      if (error.code === 'proof_failed')
        return void showErrors(fromProof(proofFailedErrors(error.data)))
      const rejected = rejectedPasswordError(error)
      if (rejected) return void showErrors(fromNew(rejected))
      setFailure(error)
    }
  }

  const clear = (field: Field) => setErrors({ ...errors(), [field]: undefined })

  return (
    <form class="form" novalidate onSubmit={submit}>
      <Show when={changed()}>
        <Alert tone="success">
          {endOthers() ? t('changePassword.doneEnded') : t('changePassword.done')}
        </Alert>
      </Show>
      <Show when={failure()}>
        {(error) => (
          <Alert tone="error" detail={requestIdText(error())}>
            {genericErrorText(error())}
          </Alert>
        )}
      </Show>
      <ProofFields
        id="change"
        values={{ ...proof, method: method() }}
        onChange={(field, value) => {
          setProof(field, value as never)
          if (field === 'method') setProof('code', '')
          clear(field === 'method' ? 'code' : field)
        }}
        kinds={kinds()}
        errors={{ password: errors().password, code: errors().code }}
        passwordRef={(el) => (inputs.password = el)}
        codeRef={(el) => (inputs.code = el)}
      />
      <NewPasswordFields
        password={fresh.password}
        repeat={fresh.repeat}
        onPassword={(value) => {
          setFresh('password', value)
          clear('newPassword')
        }}
        onRepeat={(value) => {
          setFresh('repeat', value)
          clear('repeat')
        }}
        check={check()}
        context={context()}
        errors={{ password: errors().newPassword, repeat: errors().repeat }}
        passwordRef={(el) => (inputs.newPassword = el)}
        repeatRef={(el) => (inputs.repeat = el)}
      />
      <CheckboxField
        id="end-other-sessions"
        label={t('changePassword.endOthers')}
        hint={t('changePassword.endOthersHint')}
        checked={endOthers()}
        onChange={setEndOthers}
      />
      <SubmitButton pending={submission.pending ?? false}>
        {submission.pending ? t('changePassword.submitting') : t('changePassword.submit')}
      </SubmitButton>
    </form>
  )
}
