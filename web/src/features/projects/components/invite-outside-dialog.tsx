import { useAction } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { createStore } from 'solid-js/store'
import { Alert } from '../../../components/alert'
import { Dialog } from '../../../components/dialog'
import { SelectField } from '../../../components/select-field'
import { SubmitButton } from '../../../components/submit-button'
import { TextField } from '../../../components/text-field'
import { locale, t, type Locale } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import { addParticipant } from '../queries'

type InviteOutsideDialogProps = {
  open: boolean
  projectId: string
  projectName: string
  onClose: () => void
  onInvited: (name: string) => void
}

/**
 * Invites a tax adviser, notary or other outside person into one project by e-mail. They get an
 * own account and see the project's name and only what is addressed to them.
 */
export function InviteOutsideDialog(props: InviteOutsideDialogProps) {
  return (
    <Dialog
      open={props.open}
      title={t('participants.outside.title')}
      description={t('participants.outside.text', { project: props.projectName })}
      onClose={() => props.onClose()}
    >
      <InviteOutsideForm
        projectId={props.projectId}
        onCancel={props.onClose}
        onInvited={props.onInvited}
      />
    </Dialog>
  )
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
type Field = 'displayName' | 'email'

function InviteOutsideForm(props: {
  projectId: string
  onCancel: () => void
  onInvited: (name: string) => void
}) {
  const add = useAction(addParticipant)
  const [values, setValues] = createStore({
    displayName: '',
    email: '',
    locale: locale() as Locale,
  })
  const [errors, setErrors] = createStore<Partial<Record<Field, string>>>({})
  const [failure, setFailure] = createSignal<ApiError>()
  const [pending, setPending] = createSignal(false)
  const inputs: Partial<Record<Field, HTMLInputElement>> = {}

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (pending()) return
    setFailure(undefined)
    const found: Partial<Record<Field, string>> = {}
    if (!values.displayName.trim()) found.displayName = t('team.errors.nameMissing')
    if (!EMAIL.test(values.email.trim())) found.email = t('team.errors.emailInvalid')
    setErrors({ displayName: found.displayName, email: found.email })
    const first = (['displayName', 'email'] as const).find((field) => found[field])
    if (first) return void inputs[first]?.focus()
    setPending(true)
    try {
      await add({
        projectId: props.projectId,
        person: {
          displayName: values.displayName.trim(),
          email: values.email.trim(),
          locale: values.locale,
        },
      })
      props.onInvited(values.displayName.trim())
    } catch (thrown) {
      setFailure(toApiError(thrown))
    } finally {
      setPending(false)
    }
  }

  return (
    <form class="form" novalidate onSubmit={submit}>
      <Show when={failure()}>
        {(error) => (
          <Alert tone="error" detail={requestIdText(error())}>
            {error().code === 'not_found'
              ? t('participants.errors.notAllowed')
              : genericErrorText(error())}
          </Alert>
        )}
      </Show>
      <TextField
        id="outside-name"
        label={t('participants.outside.name')}
        hint={t('participants.outside.nameHint')}
        value={values.displayName}
        onInput={(value) => {
          setValues('displayName', value)
          setErrors('displayName', undefined)
        }}
        autocomplete="off"
        maxLength={200}
        error={errors.displayName}
        ref={(element) => (inputs.displayName = element)}
      />
      <TextField
        id="outside-email"
        type="email"
        label={t('participants.outside.email')}
        value={values.email}
        onInput={(value) => {
          setValues('email', value)
          setErrors('email', undefined)
        }}
        autocomplete="off"
        spellcheck={false}
        error={errors.email}
        ref={(element) => (inputs.email = element)}
      />
      <SelectField
        id="outside-locale"
        label={t('team.fields.locale')}
        value={values.locale}
        options={[
          { value: 'de', label: t('language.de'), lang: 'de' },
          { value: 'en', label: t('language.en'), lang: 'en' },
        ]}
        onChange={(value) => setValues('locale', value as Locale)}
      />
      <div class="form__actions">
        <button type="button" class="button button--secondary" onClick={() => props.onCancel()}>
          {t('common.cancel')}
        </button>
        <SubmitButton pending={pending()}>{t('participants.outside.submit')}</SubmitButton>
      </div>
    </form>
  )
}
