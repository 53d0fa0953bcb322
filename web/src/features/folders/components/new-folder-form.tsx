import { A, useAction, useNavigate } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { createStore } from 'solid-js/store'
import { Alert } from '../../../components/alert'
import { InfoIcon } from '../../../components/icons'
import { TextField } from '../../../components/text-field'
import { t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import type { Client } from '../../clients/queries'
import { useAudiencePeople } from '../../items/audience-people'
import { AudiencePicker, type AudienceValue } from '../../items/components/audience-picker'
import { createFolder, type FolderAudience } from '../queries'

const KINDS: readonly FolderAudience[] = ['client', 'project', 'people']

type Field = 'title' | 'project' | 'recipients'

/**
 * A new folder: its title and who sees it (the whole client, a project, or named people). The
 * folder then opens, ready for documents.
 */
export function NewFolderForm(props: { client: Client; projectId?: string }) {
  const navigate = useNavigate()
  const create = useAction(createFolder)
  const projectId = props.projectId ?? null
  const [values, setValues] = createStore({
    title: '',
    audience: {
      kind: projectId ? 'project' : 'client',
      projectId,
      recipients: [],
    } as AudienceValue,
  })
  const [errors, setErrors] = createStore<Partial<Record<Field, string>>>({})
  const [failure, setFailure] = createSignal<ApiError>()
  const [pending, setPending] = createSignal(false)
  let titleInput: HTMLInputElement | undefined
  const { projects, candidates } = useAudiencePeople({
    clientId: () => props.client.id,
    projectId: () => values.audience.projectId,
    item: () => undefined,
  })

  function validate(): boolean {
    const found: Partial<Record<Field, string>> = {}
    if (!values.title.trim()) found.title = t('folders.new.errors.titleMissing')
    if (values.audience.kind === 'project' && !values.audience.projectId)
      found.project = t('folders.new.errors.projectMissing')
    if (values.audience.kind === 'people' && values.audience.recipients.length === 0)
      found.recipients = t('folders.new.errors.recipientsMissing')
    setErrors(found)
    if (found.title) titleInput?.focus()
    else if (found.project || found.recipients) document.getElementById('audience-project')?.focus()
    return Object.keys(found).length === 0
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (pending() || !validate()) return
    setPending(true)
    setFailure(undefined)
    try {
      const { kind, projectId: project, recipients } = values.audience
      const created = await create({
        clientId: props.client.id,
        title: values.title.trim(),
        audience: kind as FolderAudience,
        projectId: project,
        recipients: kind === 'people' ? recipients : [],
      })
      navigate(`/mappen/${created.id}`)
    } catch (thrown) {
      setFailure(toApiError(thrown))
    } finally {
      setPending(false)
    }
  }

  return (
    <form class="panel form editor" novalidate onSubmit={submit}>
      <Show when={failure()}>
        {(error) => (
          <Alert tone="error" detail={requestIdText(error())}>
            {error().code === 'not_found' || error().code === 'forbidden'
              ? t('folders.new.errors.notAllowed')
              : genericErrorText(error())}
          </Alert>
        )}
      </Show>
      <TextField
        id="folder-title"
        label={t('folders.new.name')}
        hint={t('folders.new.nameHint')}
        value={values.title}
        onInput={(value) => {
          setValues('title', value)
          setErrors('title', undefined)
        }}
        autocomplete="off"
        maxLength={300}
        error={errors.title}
        ref={(element) => (titleInput = element)}
      />
      <AudiencePicker
        clientName={props.client.name}
        value={values.audience}
        projects={projects()}
        candidates={candidates()}
        errors={{ project: errors.project, recipients: errors.recipients }}
        kinds={KINDS}
        legend={t('folders.new.legend')}
        projectNoneHint={t('folders.new.projectNone')}
        onChange={(next) => {
          setValues('audience', next)
          setErrors({ project: undefined, recipients: undefined })
        }}
      />
      <p class="folder-note">
        <InfoIcon class="icon" />
        <span>{t('folders.new.audienceNote')}</span>
      </p>
      <div class="form__actions">
        <A href={`/mandanten/${props.client.id}/mappen`} class="button button--secondary">
          {t('common.cancel')}
        </A>
        <button
          type="submit"
          class="button button--primary"
          classList={{ 'button--pending': pending() }}
          aria-disabled={pending() ? 'true' : undefined}
        >
          <span class="button__spinner" aria-hidden="true" />
          <span>{t('folders.new.submit')}</span>
        </button>
      </div>
    </form>
  )
}
