import { A, useAction, useNavigate } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { createStore } from 'solid-js/store'
import { Alert } from '../../../components/alert'
import { DateField } from '../../../components/date-field'
import { SubmitButton } from '../../../components/submit-button'
import { TextField } from '../../../components/text-field'
import { TextAreaField } from '../../../components/textarea-field'
import { AlertIcon } from '../../../components/icons'
import { locale, t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import { berlinDate, endOfBerlinDay } from '../../../lib/format'
import { usePageTitle } from '../../../lib/page-title'
import type { Client } from '../../clients/queries'
import { useAudiencePeople } from '../../items/audience-people'
import { AudiencePicker, type AudienceValue } from '../../items/components/audience-picker'
import { ProgressBar } from '../components/progress-bar'
import { TypeBadge } from '../components/document-list'
import { createRequest, discardExample, DOCUMENTS } from '../queries'
import { acceptAttribute, checkBeforeUpload, formatBytes, uploadErrorText } from '../upload/file-check'
import { rawUpload } from '../upload/transport'
import { StaffClientPage } from '../components/staff-client-page'
import '../../items/items.css'
import '../documents.css'

/** Type groups staff choose from; each stands for the extensions the portal accepts for it. */
const TYPE_GROUPS = [
  { key: 'pdf', types: ['pdf'] },
  { key: 'images', types: ['jpg', 'jpeg', 'png', 'heic', 'tif', 'tiff'] },
  { key: 'word', types: ['docx', 'doc', 'odt'] },
  { key: 'excel', types: ['xlsx', 'xls', 'ods', 'csv'] },
  { key: 'zip', types: ['zip'] },
] as const
type TypeGroup = (typeof TYPE_GROUPS)[number]['key']

/**
 * Uploads the example file as an ordinary document of the client for the request's audience
 * (raw POST, staff need no category); resolves with its id, rejects with the ApiError.
 */
function uploadExample(file: File, meta: Record<string, string>, onProgress: (ratio: number) => void) {
  const params = new URLSearchParams({ ...meta, filename: file.name })
  return new Promise<string>((resolve, reject) => {
    rawUpload(`${DOCUMENTS}?${params}`, file, {
      onProgress: (sent, total) => onProgress(total ? sent / total : 0),
      onDone: resolve,
      onError: reject,
    })
  })
}

/**
 * /mandanten/:clientId/anforderungen/neu (?projekt=…): staff ask for documents — what (title and
 * hint), by when, in which formats, and from whom (the client, a project or named people).
 */
export default function NewRequestPage() {
  usePageTitle('requests.newTitle')
  return (
    <StaffClientPage fallback="anforderungen">{(client, projectId) => <NewRequest client={client} projectId={projectId} />}</StaffClientPage>
  )
}

function NewRequest(props: { client: Client; projectId: string | null }) {
  const navigate = useNavigate()
  const create = useAction(createRequest)
  const [values, setValues] = createStore({ title: '', hint: '', due: '', types: [] as TypeGroup[] })
  const [audience, setAudience] = createSignal<AudienceValue>({
    kind: props.projectId ? 'project' : 'client',
    projectId: props.projectId,
    recipients: [],
  })
  const [errors, setErrors] = createStore<{ title?: string; due?: string; project?: string; recipients?: string; example?: string }>({})
  const [example, setExample] = createSignal<File>()
  const [exampleProgress, setExampleProgress] = createSignal<number>()
  const [failure, setFailure] = createSignal<ApiError>()
  const [pending, setPending] = createSignal(false)
  const { projects, candidates } = useAudiencePeople({
    clientId: () => props.client.id,
    projectId: () => audience().projectId,
    item: () => undefined,
  })
  const today = berlinDate(new Date())
  const toggleType = (key: TypeGroup, on: boolean) =>
    setValues('types', (types) => (on ? [...types, key] : types.filter((type) => type !== key)))

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (pending()) return
    const found: typeof errors = {}
    if (!values.title.trim()) found.title = t('requests.form.titleMissing')
    if (values.due && values.due < today) found.due = t('requests.form.duePast')
    if (audience().kind === 'project' && !audience().projectId) found.project = t('editor.errors.projectMissing')
    if (audience().kind === 'people' && audience().recipients.length === 0) found.recipients = t('editor.errors.recipientsMissing')
    setErrors({ title: undefined, due: undefined, project: undefined, recipients: undefined, ...found })
    if (Object.keys(found).length || errors.example) return
    setPending(true)
    setFailure(undefined)
    const kind = audience().kind === 'internal' ? 'client' : (audience().kind as 'client' | 'project' | 'people')
    // The example first, for exactly the audience of the request; taken back if the request fails.
    let exampleId: string | undefined
    const file = example()
    if (file) {
      try {
        setExampleProgress(0)
        exampleId = await uploadExample(file, exampleMeta(kind), setExampleProgress)
      } catch (thrown) {
        setErrors('example', uploadErrorText(thrown, file.name))
        setPending(false)
        return
      } finally {
        setExampleProgress(undefined)
      }
    }
    try {
      const types = TYPE_GROUPS.filter((group) => values.types.includes(group.key)).flatMap((group) => [...group.types])
      const created = await create({
        clientId: props.client.id,
        title: values.title.trim(),
        hint: values.hint.trim(),
        dueAt: values.due ? endOfBerlinDay(values.due) : null,
        allowedTypes: types.length ? types : null,
        audience: kind,
        projectId: audience().projectId,
        recipients: kind === 'people' ? audience().recipients : [],
        exampleDocumentId: exampleId ?? null,
      })
      navigate(`/anforderungen/${created.id}`)
    } catch (thrown) {
      if (exampleId) await discardExample(exampleId, t('requests.form.exampleDiscardReason')).catch(() => undefined)
      setFailure(toApiError(thrown))
    } finally {
      setPending(false)
    }
  }

  /** The upload's query fields: the same client, project and people as the request. */
  function exampleMeta(kind: 'client' | 'project' | 'people'): Record<string, string> {
    const meta: Record<string, string> = {
      clientId: props.client.id,
      audience: kind,
      title: t('requests.form.exampleDocTitle', { title: values.title.trim() }).slice(0, 300),
    }
    if (audience().projectId) meta.projectId = audience().projectId!
    if (kind === 'people') meta.recipients = audience().recipients.join(',')
    return meta
  }

  function chooseExample(file: File | undefined) {
    setExample(file)
    setErrors('example', file ? checkBeforeUpload(file, null) : undefined)
  }

  return (
    <div class="page editor-page">
      <header class="page-head">
        <p class="eyebrow eyebrow--on-dark">{t('requests.eyebrow')}</p>
        <h1 id="page-title" class="page-head__title">
          {t('requests.newTitle')}
        </h1>
        <p class="page-head__lead">{t('requests.newLead', { name: props.client.name })}</p>
      </header>
      <form class="panel request-form" novalidate onSubmit={submit}>
        <Show when={failure()}>
          {(f) => (
            <Alert tone="error" detail={requestIdText(f())}>
              {f().code === 'not_found'
                ? t('editor.errors.notAllowed')
                : f().code === 'example_not_found'
                  ? t('requests.form.exampleNotFound')
                  : genericErrorText(f())}
            </Alert>
          )}
        </Show>
        <div class="request-form__fields">
          <TextField id="request-title" label={t('requests.form.title')} hint={t('requests.form.titleHint')} value={values.title} onInput={(v) => { setValues('title', v); setErrors('title', undefined) }} error={errors.title} maxLength={300} />
          <TextAreaField id="request-hint" label={t('requests.form.hint')} hint={t('requests.form.hintHint')} value={values.hint} onInput={(v) => setValues('hint', v)} rows={3} maxLength={2000} optional />
          <DateField id="request-due" label={t('requests.form.due')} hint={t('requests.form.dueHint')} value={values.due} min={today} onInput={(v) => setValues('due', v)} error={errors.due} />
          <fieldset class="form__group request-form__types">
            <legend class="field__label">{t('requests.form.types')}</legend>
            <p class="field__hint">{t('requests.form.typesHint')}</p>
            <div class="type-chips">
              <For each={TYPE_GROUPS}>
                {(group) => (
                  <label class="type-chip">
                    <input type="checkbox" checked={values.types.includes(group.key)} onChange={(event) => toggleType(group.key, event.currentTarget.checked)} />
                    <span>{t(`requests.types.${group.key}`)}</span>
                  </label>
                )}
              </For>
            </div>
          </fieldset>
          <ExampleField
            file={example()}
            error={errors.example}
            progress={exampleProgress()}
            disabled={pending()}
            onChoose={chooseExample}
          />
        </div>
        <AudiencePicker
          clientName={props.client.name}
          value={audience()}
          projects={projects()}
          candidates={candidates()}
          errors={errors}
          kinds={['client', 'project', 'people']}
          legend={t('requests.form.audience')}
          projectNoneHint={t('delivery.projectNone')}
          onChange={setAudience}
        />
        <div class="form__actions">
          <A href={`/mandanten/${props.client.id}/anforderungen`} class="button button--secondary">
            {t('common.cancel')}
          </A>
          <SubmitButton pending={pending()}>{t('requests.form.submit')}</SubmitButton>
        </div>
      </form>
    </div>
  )
}

/**
 * The optional example file: chosen here, uploaded only when the request is sent (so a cancelled
 * form leaves nothing behind), with its progress while it goes up.
 */
function ExampleField(props: {
  file: File | undefined
  error: string | undefined
  progress: number | undefined
  disabled: boolean
  onChoose: (file: File | undefined) => void
}) {
  return (
    <div class="field example-field" classList={{ 'field--invalid': Boolean(props.error) }}>
      <p id="request-example-label" class="field__label">
        {t('requests.form.example')}
      </p>
      <p id="request-example-hint" class="field__hint">
        {t('requests.form.exampleHint')}
      </p>
      <Show when={props.error}>
        <p id="request-example-error" class="field__error">
          <AlertIcon class="icon field__error-icon" />
          <span>{props.error}</span>
        </p>
      </Show>
      <Show
        when={props.file}
        fallback={
          <label class="button button--secondary button--small example-field__choose">
            {t('requests.form.exampleChoose')}
            <input
              type="file"
              class="visually-hidden"
              accept={acceptAttribute(null)}
              aria-label={t('requests.form.example')}
              aria-describedby="request-example-hint"
              disabled={props.disabled}
              onChange={(event) => {
                props.onChoose(event.currentTarget.files?.[0])
                event.currentTarget.value = ''
              }}
            />
          </label>
        }
      >
        {(file) => (
          <div class="document-file example-field__chosen">
            <span class="item__icon" aria-hidden="true">
              <TypeBadge filename={file().name} />
            </span>
            <div class="document-file__body">
              <p class="example-field__name">{file().name}</p>
              <p class="item__meta">{formatBytes(file().size, locale())}</p>
            </div>
            <button
              type="button"
              class="button button--secondary button--small"
              aria-label={t('upload.removeFile', { name: file().name })}
              disabled={props.disabled}
              onClick={() => props.onChoose(undefined)}
            >
              {t('upload.remove')}
            </button>
          </div>
        )}
      </Show>
      <Show when={props.progress !== undefined}>
        <p class="item__meta example-field__progress">{t('requests.form.exampleUploading')}</p>
        <ProgressBar ratio={props.progress ?? 0} label={t('requests.form.exampleUploading')} />
      </Show>
    </div>
  )
}
