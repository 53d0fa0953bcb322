import { A, useAction, useNavigate } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { createStore } from 'solid-js/store'
import { Alert } from '../../../components/alert'
import { AudienceChip } from '../../../components/audience-chip'
import { TextField } from '../../../components/text-field'
import { t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import type { Client } from '../../clients/queries'
import { createGroupInfoPage } from '../../groups/queries'
import { audienceChanged } from '../audience-change'
import { useAudiencePeople } from '../audience-people'
import { createInfoPage, updateItem, type ClientAudience, type Item } from '../queries'
import { AudiencePicker, type AudienceValue } from './audience-picker'
import { AudienceChangeDialog } from './audience-change-dialog'
import { MarkdownEditor } from './markdown-editor'

/** A page for one client (new, or `item` to edit), or for every client of a group. */
export type EditorTarget =
  | { kind: 'client'; client: Client; item?: Item; projectId?: string }
  | { kind: 'group'; groupId?: string; groupName: string; item?: Item }

type Field = 'title' | 'body' | 'project' | 'recipients'

/**
 * Writing an info page: title, Markdown text with live preview, and for client pages the
 * audience. Changing the audience of an existing page asks first, naming who will newly see it.
 */
export function InfoPageEditor(props: { target: EditorTarget }) {
  const navigate = useNavigate()
  const create = useAction(createInfoPage)
  const createForGroup = useAction(createGroupInfoPage)
  const update = useAction(updateItem)
  const client = () => (props.target.kind === 'client' ? props.target.client : undefined)
  const item = () => props.target.item
  const startAudience = (): AudienceValue => {
    const existing = item()
    if (existing && existing.audience.kind !== 'group')
      return {
        kind: existing.audience.kind,
        projectId: existing.projectId,
        recipients: existing.audience.recipients.map((person) => person.id),
      }
    const projectId = props.target.kind === 'client' ? (props.target.projectId ?? null) : null
    return { kind: projectId ? 'project' : 'internal', projectId, recipients: [] }
  }
  const [values, setValues] = createStore({
    title: item()?.title ?? '',
    body: item()?.body ?? '',
    audience: startAudience(),
  })
  const [errors, setErrors] = createStore<Partial<Record<Field, string>>>({})
  const [failure, setFailure] = createSignal<ApiError>()
  const [pending, setPending] = createSignal(false)
  const [confirming, setConfirming] = createSignal(false)
  let titleInput: HTMLInputElement | undefined

  const { projects, project, candidates, people } = useAudiencePeople({
    clientId: () => client()?.id,
    projectId: () => values.audience.projectId,
    item,
  })
  const choice = (audience: { kind: ClientAudience; recipients: readonly string[] }) => ({
    kind: audience.kind,
    recipients: audience.kind === 'people' ? audience.recipients : [],
  })
  const before = () => choice(startAudience())
  const after = () => choice(values.audience)

  function validate(): boolean {
    const found: Partial<Record<Field, string>> = {}
    if (!values.title.trim()) found.title = t('editor.errors.titleMissing')
    if (client()) {
      if (values.audience.kind === 'project' && !values.audience.projectId)
        found.project = t('editor.errors.projectMissing')
      if (values.audience.kind === 'people' && values.audience.recipients.length === 0)
        found.recipients = t('editor.errors.recipientsMissing')
    }
    setErrors({ body: undefined, ...found })
    if (found.title) titleInput?.focus()
    else if (found.project || found.recipients) document.getElementById('audience-project')?.focus()
    return Object.keys(found).length === 0
  }

  /** Saves, then shows the page; throws (for the caller to show) when the server refuses. */
  async function run(work: () => Promise<string>) {
    setPending(true)
    setFailure(undefined)
    try {
      navigate(`/infoseiten/${await work()}`)
    } finally {
      setPending(false)
    }
  }

  const save = (withAudience: boolean) =>
    run(async () => {
      const existing = item()
      const title = values.title.trim()
      if (existing) {
        const audience = withAudience
          ? { audience: values.audience.kind, recipients: after().recipients as string[] }
          : {}
        await update({ itemId: existing.id, title, body: values.body, ...audience })
        return existing.id
      }
      if (props.target.kind === 'group')
        return (
          await createForGroup({ groupId: props.target.groupId!, title, body: values.body })
        ).id
      const { kind, projectId, recipients } = values.audience
      return (
        await create({
          clientId: client()!.id,
          title,
          body: values.body,
          audience: kind,
          projectId,
          recipients: kind === 'people' ? recipients : [],
        })
      ).id
    })

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (pending() || !validate()) return
    if (item() && client() && audienceChanged(before(), after())) return void setConfirming(true)
    await save(false).catch((thrown) => setFailure(toApiError(thrown)))
  }

  const cancelHref = () =>
    item()
      ? `/infoseiten/${item()!.id}`
      : props.target.kind === 'client'
        ? `/mandanten/${props.target.client.id}`
        : '/verwaltung/gruppen'

  return (
    <form class="panel form editor" novalidate onSubmit={submit}>
      <Show when={failure()}>
        {(error) => (
          <Alert tone="error" detail={requestIdText(error())}>
            {error().code === 'not_found'
              ? t('editor.errors.notAllowed')
              : genericErrorText(error())}
          </Alert>
        )}
      </Show>
      <TextField
        id="page-title-input"
        label={t('editor.title')}
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
      <Show
        when={client()}
        fallback={
          <div class="editor__fixed-audience">
            <p class="field__label">{t('audiencePicker.legend')}</p>
            <AudienceChip
              audience={{
                kind: 'group',
                groupName: props.target.kind === 'group' ? props.target.groupName : '',
              }}
            />
          </div>
        }
      >
        {(owner) => (
          <AudiencePicker
            clientName={owner().name}
            value={values.audience}
            projects={projects()}
            lockedProject={
              item() ? (projects().find((p) => p.id === item()!.projectId) ?? null) : undefined
            }
            candidates={candidates()}
            errors={{ project: errors.project, recipients: errors.recipients }}
            onChange={(next) => {
              setValues('audience', next)
              setErrors({ project: undefined, recipients: undefined })
            }}
          />
        )}
      </Show>
      <MarkdownEditor
        value={values.body}
        onInput={(value) => setValues('body', value)}
        error={errors.body}
      />
      <div class="form__actions">
        <A href={cancelHref()} class="button button--secondary">
          {t('common.cancel')}
        </A>
        <button
          type="submit"
          class="button button--primary"
          classList={{ 'button--pending': pending() }}
          aria-disabled={pending() ? 'true' : undefined}
        >
          <span class="button__spinner" aria-hidden="true" />
          <span>{item() ? t('editor.save') : t('editor.publish')}</span>
        </button>
      </div>
      <Show when={client()}>
        {(owner) => (
          <AudienceChangeDialog
            open={confirming()}
            clientName={owner().name}
            before={before()}
            after={after()}
            projectName={project()?.name}
            people={people()}
            onConfirm={() => save(true)}
            onClose={() => setConfirming(false)}
          />
        )}
      </Show>
    </form>
  )
}
