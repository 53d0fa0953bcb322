import { useAction, useNavigate, useSubmission } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { SubmitButton } from '../../../components/submit-button'
import { t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import { ENROL_PATH } from '../account'
import {
  createPasswordCheck,
  rejectedPasswordError,
  validateNewPassword,
  type NewPasswordErrors,
} from '../password-check'
import { acceptInvitation, type Invitation } from '../queries'
import { NewPasswordFields } from './new-password-fields'

type InvitationFormProps = {
  token: string
  invitation: Invitation
  /** The link turned out to be used or expired while the page was open. */
  onInvalid: () => void
}

/** Who is invited (read-only), then the new password twice; afterwards the enrolment wizard. */
export function InvitationForm(props: InvitationFormProps) {
  const navigate = useNavigate()
  const accept = useAction(acceptInvitation)
  const submission = useSubmission(acceptInvitation)
  const check = createPasswordCheck()
  const [password, setPassword] = createSignal('')
  const [repeat, setRepeat] = createSignal('')
  const [errors, setErrors] = createSignal<NewPasswordErrors>({})
  const [failure, setFailure] = createSignal<ApiError>()
  let passwordInput: HTMLInputElement | undefined
  let repeatInput: HTMLInputElement | undefined
  let alertBox: HTMLDivElement | undefined

  const context = () => ({
    firmName: props.invitation.firmName,
    name: props.invitation.displayName,
    email: props.invitation.email,
  })

  function showErrors(found: NewPasswordErrors): boolean {
    setErrors(found)
    if (found.password) passwordInput?.focus()
    else if (found.repeat) repeatInput?.focus()
    return Boolean(found.password || found.repeat)
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (submission.pending) return
    setFailure(undefined)
    if (showErrors(validateNewPassword(password(), repeat(), check(), context()))) return
    try {
      await accept({ token: props.token, password: password() })
      navigate(ENROL_PATH, { replace: true })
    } catch (thrown) {
      const error = toApiError(thrown)
      const rejected = rejectedPasswordError(error)
      if (rejected) return void showErrors(rejected)
      if (error.code === 'invitation_invalid') return props.onInvalid()
      setFailure(error)
      alertBox?.focus()
    }
  }

  return (
    <form class="form" novalidate onSubmit={submit}>
      <Show when={failure()}>
        {(error) => (
          <Alert tone="error" ref={(el) => (alertBox = el)} detail={requestIdText(error())}>
            {genericErrorText(error())}
          </Alert>
        )}
      </Show>
      <dl class="summary">
        <div class="summary__row">
          <dt>{t('invitation.name')}</dt>
          <dd>{props.invitation.displayName}</dd>
        </div>
        <div class="summary__row">
          <dt>{t('invitation.email')}</dt>
          <dd>{props.invitation.email}</dd>
        </div>
      </dl>
      {/* For password managers: the address this password belongs to. */}
      <input
        type="email"
        name="username"
        autocomplete="username"
        value={props.invitation.email}
        readonly
        hidden
      />
      <fieldset class="form__section">
        <legend class="form__legend">{t('invitation.passwordSection')}</legend>
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
          context={context()}
          errors={errors()}
          passwordRef={(el) => (passwordInput = el)}
          repeatRef={(el) => (repeatInput = el)}
        />
      </fieldset>
      <SubmitButton pending={submission.pending ?? false}>
        {submission.pending ? t('invitation.submitting') : t('invitation.submit')}
      </SubmitButton>
    </form>
  )
}
