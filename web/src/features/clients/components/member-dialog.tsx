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
import { changeMember, inviteMember, type Client, type Member } from '../queries'
import { grantableRights, grantableRoles, rightsToSend, ROLE_RIGHTS, type Role } from '../rights'
import { dateInputValue, expiryToSend, MembershipFields } from './membership-fields'

type MemberDialogProps = {
  open: boolean
  client: Client
  /** Set: change this membership; unset: invite a new person. */
  member?: Member
  /** The caller's own membership (limits a delegate's expiry), if they have one. */
  own?: Member
  onClose: () => void
  onDone: (name: string) => void
}

/** Inviting a person into the client's team, or changing a membership's role, rights, expiry. */
export function MemberDialog(props: MemberDialogProps) {
  return (
    <Dialog
      open={props.open}
      title={
        props.member
          ? t('team.change.title', { name: props.member.displayName })
          : t('team.invite.title')
      }
      description={
        props.member
          ? t('team.change.text')
          : t('team.invite.text', { client: props.client.name })
      }
      onClose={() => props.onClose()}
    >
      <MemberForm
        client={props.client}
        member={props.member}
        own={props.own}
        onCancel={props.onClose}
        onDone={props.onDone}
      />
    </Dialog>
  )
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
type Field = 'displayName' | 'email' | 'expiry'

type MemberFormProps = Omit<MemberDialogProps, 'open' | 'onClose'> & { onCancel: () => void }

function MemberForm(props: MemberFormProps) {
  const invite = useAction(inviteMember)
  const change = useAction(changeMember)
  const roles = () => {
    const allowed = grantableRoles(props.client)
    const current = props.member?.role
    return current && !allowed.includes(current) ? [current, ...allowed] : allowed
  }
  const grantable = () => grantableRights(props.client)
  const startRole: Role =
    props.member?.role ?? (roles().includes('member') ? 'member' : roles().at(-1)!)
  const [values, setValues] = createStore({
    displayName: '',
    email: '',
    locale: locale() as Locale,
    role: startRole,
    rights: [...(props.member?.rights ?? ROLE_RIGHTS[startRole])].filter((right) =>
      grantable().includes(right),
    ),
    expiry: dateInputValue(props.member?.expiresAt ?? props.own?.expiresAt),
  })
  const [errors, setErrors] = createStore<Partial<Record<Field, string>>>({})
  const [failure, setFailure] = createSignal<ApiError>()
  const [pending, setPending] = createSignal(false)
  const inputs: Partial<Record<Field, HTMLInputElement>> = {}

  // A delegate with an expiry cannot hand out access that lasts longer (or forever).
  const beyondOwn = (expiry: string | null) => {
    const own = props.client.isStaff ? null : props.own?.expiresAt
    return Boolean(own) && (!expiry || Date.parse(expiry) > Date.parse(own!))
  }

  function validate(): boolean {
    const found: Partial<Record<Field, string>> = {}
    if (!props.member) {
      if (!values.displayName.trim()) found.displayName = t('team.errors.nameMissing')
      if (!EMAIL.test(values.email.trim())) found.email = t('team.errors.emailInvalid')
    }
    const expiry = expiryToSend(values.expiry)
    if (expiry && Date.parse(expiry) <= Date.now()) found.expiry = t('team.errors.expiryPast')
    else if (beyondOwn(expiry)) found.expiry = t('team.errors.expiryBeyondOwn')
    setErrors({ displayName: undefined, email: undefined, expiry: undefined, ...found })
    const first = (['displayName', 'email', 'expiry'] as const).find((field) => found[field])
    if (first) inputs[first]?.focus()
    return !first
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (pending() || !validate()) return
    setPending(true)
    setFailure(undefined)
    const membership = {
      role: values.role,
      rights: rightsToSend(values.role, values.rights),
      expiresAt: expiryToSend(values.expiry),
    }
    try {
      if (props.member)
        await change({ clientId: props.client.id, memberId: props.member.id, ...membership })
      else
        await invite({
          clientId: props.client.id,
          displayName: values.displayName.trim(),
          email: values.email.trim(),
          locale: values.locale,
          ...membership,
        })
      props.onDone(props.member?.displayName ?? values.displayName.trim())
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
              ? t('team.errors.cannotGrant')
              : error().code === 'validation_failed'
                ? t('errors.formHasErrors')
                : genericErrorText(error())}
          </Alert>
        )}
      </Show>
      <Show when={!props.member}>
        <TextField
          id="member-name"
          label={t('team.fields.name')}
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
          id="member-email"
          type="email"
          label={t('team.fields.email')}
          hint={t('team.fields.emailHint')}
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
      </Show>
      <MembershipFields
        values={values}
        roles={roles()}
        grantable={grantable()}
        ownExpiry={props.client.isStaff ? null : props.own?.expiresAt}
        expiryError={errors.expiry}
        onRole={(role) => {
          setValues('role', role)
          setValues('rights', ROLE_RIGHTS[role].filter((right) => grantable().includes(right)))
        }}
        onRights={(rights) => setValues('rights', rights)}
        onExpiry={(expiry) => {
          setValues('expiry', expiry)
          setErrors('expiry', undefined)
        }}
        expiryRef={(element) => (inputs.expiry = element)}
      />
      <Show when={!props.member}>
        <SelectField
          id="member-locale"
          label={t('team.fields.locale')}
          value={values.locale}
          options={[
            { value: 'de', label: t('language.de'), lang: 'de' },
            { value: 'en', label: t('language.en'), lang: 'en' },
          ]}
          onChange={(value) => setValues('locale', value as Locale)}
        />
      </Show>
      <div class="form__actions">
        <button type="button" class="button button--secondary" onClick={() => props.onCancel()}>
          {t('common.cancel')}
        </button>
        <SubmitButton pending={pending()}>
          {props.member ? t('team.change.submit') : t('team.invite.submit')}
        </SubmitButton>
      </div>
    </form>
  )
}
