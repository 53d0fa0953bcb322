import { useAction, useSubmission } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { createStore } from 'solid-js/store'
import { Alert } from '../../../components/alert'
import { CheckboxField } from '../../../components/checkbox-field'
import { Dialog } from '../../../components/dialog'
import { SelectField } from '../../../components/select-field'
import { SubmitButton } from '../../../components/submit-button'
import { TextField } from '../../../components/text-field'
import { locale, t, type Locale } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import type { AccountKind } from '../../auth/queries'
import { inviteAccount } from '../queries'

type InviteDialogProps = {
  open: boolean
  /** Admins may invite staff (and make them admins); other staff invite clients and outsiders. */
  isAdmin: boolean
  onClose: () => void
  onInvited: (name: string, email: string) => void
}

/** Inviting a person: name, address, kind and language; the invitation goes out by mail. */
export function InviteDialog(props: InviteDialogProps) {
  return (
    <Dialog
      open={props.open}
      title={t('users.invite.title')}
      description={t('users.invite.text')}
      onClose={() => props.onClose()}
    >
      <InviteForm isAdmin={props.isAdmin} onCancel={props.onClose} onInvited={props.onInvited} />
    </Dialog>
  )
}

const FIELDS = ['displayName', 'email', 'kind'] as const
type Field = (typeof FIELDS)[number]
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

function InviteForm(props: {
  isAdmin: boolean
  onCancel: () => void
  onInvited: (name: string, email: string) => void
}) {
  const invite = useAction(inviteAccount)
  const submission = useSubmission(inviteAccount)
  const [values, setValues] = createStore({
    displayName: '',
    email: '',
    kind: 'client' as AccountKind,
    isAdmin: false,
    locale: locale() as Locale,
  })
  const [errors, setErrors] = createSignal<Partial<Record<Field, () => string>>>({})
  const [failure, setFailure] = createSignal<ApiError>()
  const inputs: Partial<Record<Field, HTMLInputElement | HTMLSelectElement>> = {}

  const kinds = () => [
    { value: 'client', label: t('users.kind.client') },
    { value: 'external', label: t('users.kind.external') },
    ...(props.isAdmin ? [{ value: 'staff', label: t('users.kind.staff') }] : []),
  ]

  function showErrors(found: Partial<Record<Field, () => string>>): boolean {
    setErrors(found)
    const first = FIELDS.find((field) => found[field])
    if (first) inputs[first]?.focus()
    return Boolean(first)
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (submission.pending) return
    setFailure(undefined)
    const found: Partial<Record<Field, () => string>> = {}
    if (!values.displayName.trim()) found.displayName = () => t('users.invite.errors.nameMissing')
    if (!values.email.trim()) found.email = () => t('users.invite.errors.emailMissing')
    else if (!EMAIL.test(values.email.trim()))
      found.email = () => t('users.invite.errors.emailInvalid')
    if (showErrors(found)) return
    try {
      await invite({
        displayName: values.displayName.trim(),
        email: values.email.trim(),
        kind: values.kind,
        isAdmin: values.kind === 'staff' && values.isAdmin,
        locale: values.locale,
      })
      props.onInvited(values.displayName.trim(), values.email.trim())
    } catch (thrown) {
      const error = toApiError(thrown)
      if (error.code === 'conflict')
        return void showErrors({ email: () => t('users.invite.errors.emailTaken') })
      if (error.code === 'validation_failed')
        return void showErrors({ email: () => t('users.invite.errors.emailInvalid') })
      setFailure(error)
    }
  }

  const clear = (field: Field) => setErrors({ ...errors(), [field]: undefined })

  return (
    <form class="form" novalidate onSubmit={submit}>
      <Show when={failure()}>
        {(error) => (
          <Alert tone="error" detail={requestIdText(error())}>
            {error().code === 'not_found'
              ? t('users.errors.notAllowed')
              : genericErrorText(error())}
          </Alert>
        )}
      </Show>
      <TextField
        id="invite-name"
        label={t('users.invite.name')}
        hint={t('users.invite.nameHint')}
        value={values.displayName}
        onInput={(value) => {
          setValues('displayName', value)
          clear('displayName')
        }}
        autocomplete="off"
        error={errors().displayName?.()}
        ref={(el) => (inputs.displayName = el)}
      />
      <TextField
        id="invite-email"
        type="email"
        label={t('users.invite.email')}
        value={values.email}
        onInput={(value) => {
          setValues('email', value)
          clear('email')
        }}
        autocomplete="off"
        spellcheck={false}
        error={errors().email?.()}
        ref={(el) => (inputs.email = el)}
      />
      <SelectField
        id="invite-kind"
        label={t('users.invite.kind')}
        value={values.kind}
        options={kinds()}
        onChange={(value) => setValues('kind', value as AccountKind)}
        error={errors().kind?.()}
        ref={(el) => (inputs.kind = el)}
      />
      <Show when={props.isAdmin && values.kind === 'staff'}>
        <CheckboxField
          id="invite-admin"
          label={t('users.invite.admin')}
          hint={t('users.invite.adminHint')}
          checked={values.isAdmin}
          onChange={(checked) => setValues('isAdmin', checked)}
        />
      </Show>
      <SelectField
        id="invite-locale"
        label={t('users.invite.locale')}
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
        <SubmitButton pending={submission.pending ?? false}>
          {submission.pending ? t('users.invite.submitting') : t('users.invite.submit')}
        </SubmitButton>
      </div>
    </form>
  )
}
