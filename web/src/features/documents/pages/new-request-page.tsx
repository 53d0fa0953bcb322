import { A, createAsync, Navigate, useAction, useNavigate, useParams, useSearchParams } from '@solidjs/router'
import { createSignal, ErrorBoundary, For, Show } from 'solid-js'
import { createStore } from 'solid-js/store'
import { Alert } from '../../../components/alert'
import { DateField } from '../../../components/date-field'
import { LoadError } from '../../../components/load-error'
import { SubmitButton } from '../../../components/submit-button'
import { TextField } from '../../../components/text-field'
import { TextAreaField } from '../../../components/textarea-field'
import { t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import { berlinDate, endOfBerlinDay } from '../../../lib/format'
import { usePageTitle } from '../../../lib/page-title'
import { getClient, type Client } from '../../clients/queries'
import { useAudiencePeople } from '../../items/audience-people'
import { AudiencePicker, type AudienceValue } from '../../items/components/audience-picker'
import { createRequest } from '../queries'
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
 * /mandanten/:clientId/anforderungen/neu (?projekt=…): staff ask for documents — what (title and
 * hint), by when, in which formats, and from whom (the client, a project or named people).
 */
export default function NewRequestPage() {
  usePageTitle('requests.newTitle')
  const params = useParams<{ clientId: string }>()
  const [search] = useSearchParams<{ projekt?: string }>()
  const client = createAsync(() => getClient(params.clientId))
  return (
    <ErrorBoundary fallback={(error, reset) => <LoadError error={error} onRetry={reset} notFoundTitle={t('clients.notFound')} />}>
      <Show when={client()}>
        {(current) => (
          <Show when={current().isStaff} fallback={<Navigate href={`/mandanten/${current().id}/anforderungen`} />}>
            <NewRequest client={current()} projectId={search.projekt ?? null} />
          </Show>
        )}
      </Show>
    </ErrorBoundary>
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
  const [errors, setErrors] = createStore<{ title?: string; due?: string; project?: string; recipients?: string }>({})
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
    if (Object.keys(found).length) return
    setPending(true)
    setFailure(undefined)
    try {
      const kind = audience().kind === 'internal' ? 'client' : (audience().kind as 'client' | 'project' | 'people')
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
      })
      navigate(`/anforderungen/${created.id}`)
    } catch (thrown) {
      setFailure(toApiError(thrown))
    } finally {
      setPending(false)
    }
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
              {f().code === 'not_found' ? t('editor.errors.notAllowed') : genericErrorText(f())}
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
