import { A, useAction, useNavigate, useSubmission } from '@solidjs/router'
import { createMemo, createSignal, onMount, Show } from 'solid-js'
import { createStore } from 'solid-js/store'
import { Alert } from '../../../components/alert'
import { PasswordField } from '../../../components/password-field'
import { SelectField } from '../../../components/select-field'
import { SubmitButton } from '../../../components/submit-button'
import { TextField } from '../../../components/text-field'
import { locale, t, type Locale } from '../../../i18n'
import { toApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import { setupPortal } from '../queries'
import { loadPasswordRules, type CheckPassword } from '../password-rules'
import {
  fieldErrorsFromServer,
  SETUP_FIELDS,
  validateSetup,
  type SetupErrors,
  type SetupField,
  type SetupValues,
} from '../setup-validation'
import { PasswordFeedback } from './password-feedback'

type FormProblem =
  { kind: 'already_done' } | { kind: 'invalid' } | { kind: 'failed'; error: unknown }

/** The first-run form: the firm, the lawyer's account and a strong password, checked as typed. */
export function SetupForm(props: { onDone: () => void }) {
  const navigate = useNavigate()
  const runSetup = useAction(setupPortal)
  const submission = useSubmission(setupPortal)
  const [values, setValues] = createStore<SetupValues>({
    firmName: '',
    displayName: '',
    email: '',
    password: '',
    passwordRepeat: '',
    locale: locale(),
  })
  const [errors, setErrors] = createSignal<SetupErrors>({})
  const [problem, setProblem] = createSignal<FormProblem>()
  const [check, setCheck] = createSignal<CheckPassword>()
  const controls: Partial<Record<SetupField, HTMLInputElement | HTMLSelectElement>> = {}
  let alertBox: HTMLDivElement | undefined

  // Fetch the rules after the first paint; feedback appears as soon as they are there.
  onMount(() =>
    setTimeout(
      () =>
        loadPasswordRules().then(
          (fn) => setCheck(() => fn),
          () => {},
        ),
      0,
    ),
  )

  const verdict = createMemo(() => {
    const fn = check()
    if (!fn || !values.password) return undefined
    return fn(values.password, {
      firmName: values.firmName,
      name: values.displayName,
      email: values.email,
    })
  })

  const update = (field: SetupField) => (value: string) => {
    setValues(field, value)
    if (!errors()[field]) return
    const rest = { ...errors(), [field]: undefined }
    setErrors(rest)
    if (problem()?.kind === 'invalid' && !SETUP_FIELDS.some((name) => rest[name]))
      setProblem(undefined)
  }
  const error = (field: SetupField) => errors()[field]?.()

  function showErrors(found: SetupErrors): boolean {
    setErrors(found)
    const first = SETUP_FIELDS.find((field) => found[field])
    if (!first) return false
    setProblem({ kind: 'invalid' })
    controls[first]?.focus()
    return true
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (submission.pending) return
    setProblem(undefined)
    const rules = check() ?? (await loadPasswordRules().catch(() => undefined))
    if (showErrors(validateSetup(values, rules))) return
    const email = values.email.trim()
    try {
      await runSetup({
        firmName: values.firmName.trim(),
        displayName: values.displayName.trim(),
        email,
        password: values.password,
        locale: values.locale as Locale,
      })
      props.onDone()
      navigate('/anmelden', { state: { setupDone: true, email } })
    } catch (thrown) {
      const apiError = toApiError(thrown)
      const fieldErrors = fieldErrorsFromServer(apiError)
      if (fieldErrors && showErrors(fieldErrors)) return
      setProblem(
        apiError.code === 'setup_already_done'
          ? { kind: 'already_done' }
          : { kind: 'failed', error: apiError },
      )
      alertBox?.focus()
    }
  }

  return (
    <form class="form" novalidate onSubmit={submit}>
      <Show when={problem()}>
        {(current) => <ProblemAlert problem={current()} ref={(element) => (alertBox = element)} />}
      </Show>

      <fieldset class="form__section">
        <legend class="form__legend">{t('setup.sections.firm')}</legend>
        <TextField
          id="firmName"
          label={t('setup.fields.firmName')}
          hint={t('setup.fields.firmNameHint')}
          value={values.firmName}
          onInput={update('firmName')}
          autocomplete="organization"
          error={error('firmName')}
          ref={(element) => (controls.firmName = element)}
        />
      </fieldset>

      <fieldset class="form__section">
        <legend class="form__legend">{t('setup.sections.person')}</legend>
        <TextField
          id="displayName"
          label={t('setup.fields.displayName')}
          hint={t('setup.fields.displayNameHint')}
          value={values.displayName}
          onInput={update('displayName')}
          autocomplete="name"
          error={error('displayName')}
          ref={(element) => (controls.displayName = element)}
        />
        <TextField
          id="email"
          type="email"
          label={t('setup.fields.email')}
          hint={t('setup.fields.emailHint')}
          value={values.email}
          onInput={update('email')}
          autocomplete="email"
          spellcheck={false}
          error={error('email')}
          ref={(element) => (controls.email = element)}
        />
        <SelectField
          id="locale"
          label={t('setup.fields.locale')}
          value={values.locale}
          options={[
            { value: 'de', label: t('language.de'), lang: 'de' },
            { value: 'en', label: t('language.en'), lang: 'en' },
          ]}
          onChange={update('locale')}
          error={error('locale')}
          ref={(element) => (controls.locale = element)}
        />
      </fieldset>

      <fieldset class="form__section">
        <legend class="form__legend">{t('setup.sections.password')}</legend>
        <PasswordField
          id="password"
          label={t('setup.fields.password')}
          hint={t('password.hint')}
          value={values.password}
          onInput={update('password')}
          autocomplete="new-password"
          describedBy="password-feedback"
          error={error('password')}
          ref={(element) => (controls.password = element)}
        >
          <PasswordFeedback id="password-feedback" password={values.password} verdict={verdict()} />
        </PasswordField>
        <PasswordField
          id="passwordRepeat"
          label={t('setup.fields.passwordRepeat')}
          value={values.passwordRepeat}
          onInput={update('passwordRepeat')}
          autocomplete="new-password"
          error={error('passwordRepeat')}
          ref={(element) => (controls.passwordRepeat = element)}
        />
      </fieldset>

      <SubmitButton pending={submission.pending ?? false}>
        {submission.pending ? t('setup.submitting') : t('setup.submit')}
      </SubmitButton>
    </form>
  )
}

/** The message above the form: fix the fields, already set up, or a failure with its request id. */
function ProblemAlert(props: { problem: FormProblem; ref: (element: HTMLDivElement) => void }) {
  const detail = () =>
    props.problem.kind === 'failed' ? requestIdText(props.problem.error) : undefined
  const text = () =>
    props.problem.kind === 'failed'
      ? genericErrorText(props.problem.error)
      : t('errors.formHasErrors')
  return (
    <Alert tone="error" ref={props.ref} detail={detail()}>
      <Show when={props.problem.kind === 'already_done'} fallback={text()}>
        {t('setup.errors.alreadyDone')} <A href="/anmelden">{t('setup.errors.toSignIn')}</A>
      </Show>
    </Alert>
  )
}
