import { useAction } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { createStore } from 'solid-js/store'
import { Alert } from '../../../components/alert'
import { Dialog } from '../../../components/dialog'
import { SelectField } from '../../../components/select-field'
import { SubmitButton } from '../../../components/submit-button'
import { TextAreaField } from '../../../components/textarea-field'
import { TextField } from '../../../components/text-field'
import { t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import { createProject, PROJECT_TYPES, type ProjectType } from '../queries'

type CreateProjectDialogProps = {
  open: boolean
  clientId: string
  onClose: () => void
  onCreated: (id: string) => void
}

/** Staff open a project: its name, the kind of matter and a short description. */
export function CreateProjectDialog(props: CreateProjectDialogProps) {
  return (
    <Dialog
      open={props.open}
      title={t('projects.create.title')}
      description={t('projects.create.text')}
      onClose={() => props.onClose()}
    >
      <CreateProjectForm
        clientId={props.clientId}
        onCancel={props.onClose}
        onCreated={props.onCreated}
      />
    </Dialog>
  )
}

function CreateProjectForm(props: {
  clientId: string
  onCancel: () => void
  onCreated: (id: string) => void
}) {
  const create = useAction(createProject)
  const [values, setValues] = createStore({
    name: '',
    type: 'formation' as ProjectType,
    description: '',
  })
  const [error, setError] = createSignal<string>()
  const [failure, setFailure] = createSignal<ApiError>()
  const [pending, setPending] = createSignal(false)
  let input: HTMLInputElement | undefined

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (pending()) return
    setFailure(undefined)
    if (!values.name.trim()) {
      setError(t('projects.create.nameMissing'))
      input?.focus()
      return
    }
    setPending(true)
    try {
      const created = await create({
        clientId: props.clientId,
        name: values.name.trim(),
        type: values.type,
        description: values.description.trim(),
      })
      props.onCreated(created.id)
    } catch (thrown) {
      setFailure(toApiError(thrown))
    } finally {
      setPending(false)
    }
  }

  return (
    <form class="form" novalidate onSubmit={submit}>
      <Show when={failure()}>
        {(failed) => (
          <Alert tone="error" detail={requestIdText(failed())}>
            {failed().code === 'not_found' ? t('errors.notAllowed') : genericErrorText(failed())}
          </Alert>
        )}
      </Show>
      <TextField
        id="project-name"
        label={t('projects.fields.name')}
        hint={t('projects.fields.nameHint')}
        value={values.name}
        onInput={(value) => {
          setValues('name', value)
          setError(undefined)
        }}
        autocomplete="off"
        maxLength={200}
        error={error()}
        ref={(element) => (input = element)}
      />
      <SelectField
        id="project-type"
        label={t('projects.fields.type')}
        value={values.type}
        options={PROJECT_TYPES.map((type) => ({ value: type, label: t(`projects.type.${type}`) }))}
        onChange={(value) => setValues('type', value as ProjectType)}
      />
      <TextAreaField
        id="project-description"
        label={t('projects.fields.description')}
        hint={t('projects.fields.descriptionHint')}
        value={values.description}
        onInput={(value) => setValues('description', value)}
        maxLength={5000}
        rows={4}
        optional
      />
      <div class="form__actions">
        <button type="button" class="button button--secondary" onClick={() => props.onCancel()}>
          {t('common.cancel')}
        </button>
        <SubmitButton pending={pending()}>{t('projects.create.submit')}</SubmitButton>
      </div>
    </form>
  )
}
