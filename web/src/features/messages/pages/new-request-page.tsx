import { A, createAsync, useAction, useNavigate } from '@solidjs/router'
import { createEffect, createSignal, Show } from 'solid-js'
import { createStore } from 'solid-js/store'
import { Alert } from '../../../components/alert'
import { InfoIcon } from '../../../components/icons'
import { SelectField } from '../../../components/select-field'
import { TextAreaField } from '../../../components/textarea-field'
import { TextField } from '../../../components/text-field'
import { locale, t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { requestIdText } from '../../../lib/error-message'
import { messageErrorText } from '../error-text'
import { usePageTitle } from '../../../lib/page-title'
import { useAccount } from '../../auth/account-context'
import { currentClient } from '../../clients/current-client'
import { getMyClients } from '../../clients/queries'
import { useAudiencePeople } from '../../items/audience-people'
import { AudiencePicker, type AudienceValue } from '../../items/components/audience-picker'
import { DocumentChooser } from '../components/document-chooser'
import { FilePicker } from '../components/file-picker'
import { getCategories, startRequest, type RequestAudience } from '../queries'
import '../../items/items.css'
import '../../folders/folders.css'
import '../messages.css'

const KINDS: readonly RequestAudience[] = ['people', 'client', 'project']
type Field = 'client' | 'category' | 'subject' | 'body' | 'project' | 'recipients'

/**
 * /nachrichten/neu: a request to the firm — client (when one belongs to several), category,
 * subject, text, attachments and who reads along (default: only the author and the firm).
 * Staff start one to a client: they choose any client they see (the policies decide), and the
 * audience is the whole client (default) or the client's people they pick.
 */
export default function NewRequestPage() {
  usePageTitle('messages.new.title')
  const account = useAccount()
  const navigate = useNavigate()
  const start = useAction(startRequest)
  const staff = () => account()?.kind === 'staff'
  const emptyAudience = (): AudienceValue => ({ kind: staff() ? 'client' : 'people', projectId: null, recipients: [] })
  const clients = createAsync(() => getMyClients().catch(() => []), { initialValue: [] })
  const categories = createAsync(() => getCategories(), { initialValue: [] })
  const [values, setValues] = createStore({
    clientId: '',
    categoryId: '',
    subject: '',
    body: '',
    audience: emptyAudience(),
  })
  const [files, setFiles] = createSignal<File[]>([])
  const [documents, setDocuments] = createSignal<string[]>([])
  const [errors, setErrors] = createStore<Partial<Record<Field, string>>>({})
  const [failure, setFailure] = createSignal<ApiError>()
  const [pending, setPending] = createSignal(false)
  createEffect(() => {
    if (!staff() && !values.clientId && clients().length) setValues('clientId', currentClient(clients())?.id ?? '')
  })
  const client = () => clients().find((c) => c.id === values.clientId)
  const { projects, candidates } = useAudiencePeople({
    clientId: () => values.clientId || undefined,
    projectId: () => values.audience.projectId,
    item: () => undefined,
  })

  function validate(): boolean {
    const found: Partial<Record<Field, string>> = {}
    if (!values.clientId) found.client = t('messages.new.errors.clientMissing')
    if (!values.categoryId) found.category = t('messages.new.errors.categoryMissing')
    if (!values.subject.trim()) found.subject = t('messages.new.errors.subjectMissing')
    if (!values.body.trim()) found.body = t('messages.new.errors.bodyMissing')
    if (values.audience.kind === 'project' && !values.audience.projectId) found.project = t('messages.new.errors.projectMissing')
    // Staff writing to "people" must name someone of the client: else nobody there would read it.
    if (staff() && values.audience.kind === 'people' && !values.audience.recipients.some((r) => r !== account()?.id))
      found.recipients = t('messages.new.errors.recipientsMissing')
    setErrors(found)
    const firstField = (['client', 'category', 'subject', 'body', 'project', 'recipients'] as const).find((f) => found[f])
    const focusId = firstField === 'project' ? 'audience-project' : firstField === 'recipients' ? undefined : `request-${firstField}`
    if (focusId) document.getElementById(focusId)?.focus()
    return !firstField
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (pending() || !validate()) return
    setPending(true)
    setFailure(undefined)
    try {
      const { kind, projectId, recipients } = values.audience
      const created = await start({
        clientId: values.clientId,
        projectId,
        subject: values.subject.trim(),
        categoryId: values.categoryId,
        body: values.body.trim(),
        audience: kind as RequestAudience,
        recipients: kind === 'people' ? recipients.filter((r) => r !== account()?.id) : [],
        attachmentIds: documents(),
        files: files(),
      })
      navigate(`/nachrichten/${created.id}`, { state: { attachmentError: created.attachmentError } })
    } catch (thrown) {
      setFailure(toApiError(thrown))
    } finally {
      setPending(false)
    }
  }

  return (
    <div class="page editor-page messages-page">
      <header class="page-head">
        <p class="eyebrow eyebrow--on-dark">{t('messages.new.eyebrow')}</p>
        <h1 id="page-title" class="page-head__title">
          {staff() ? t('messages.new.staffTitle') : t('messages.new.title')}
        </h1>
        <p class="page-head__lead">{staff() ? t('messages.new.staffLead') : t('messages.new.lead')}</p>
      </header>
      <form class="panel form editor" novalidate onSubmit={submit}>
        <Show when={failure()}>
          {(error) => (
            <Alert tone="error" detail={requestIdText(error())}>
              {messageErrorText(error())}
            </Alert>
          )}
        </Show>
        <Show when={staff() || clients().length > 1}>
          <SelectField
            id="request-client"
            label={t('messages.new.client')}
            value={values.clientId}
            options={[...(staff() ? [{ value: '', label: '—' }] : []), ...clients().map((c) => ({ value: c.id, label: c.name }))]}
            error={errors.client}
            onChange={(value) => {
              setValues({ clientId: value, audience: emptyAudience() })
              setErrors({ client: undefined, recipients: undefined })
              setDocuments([])
            }}
          />
        </Show>
        <SelectField
          id="request-category"
          label={t('messages.new.category')}
          value={values.categoryId}
          options={[{ value: '', label: '—' }, ...categories().map((c) => ({ value: c.id, label: locale() === 'en' ? c.nameEn : c.nameDe }))]}
          error={errors.category}
          onChange={(value) => {
            setValues('categoryId', value)
            setErrors('category', undefined)
          }}
        />
        <TextField
          id="request-subject"
          label={t('messages.new.subject')}
          hint={t('messages.new.subjectHint')}
          value={values.subject}
          maxLength={300}
          autocomplete="off"
          error={errors.subject}
          onInput={(value) => {
            setValues('subject', value)
            setErrors('subject', undefined)
          }}
        />
        <TextAreaField
          id="request-body"
          label={t('messages.new.body')}
          value={values.body}
          rows={7}
          maxLength={20000}
          error={errors.body}
          onInput={(value) => {
            setValues('body', value)
            setErrors('body', undefined)
          }}
        />
        <FilePicker id="request-files" files={files()} onChange={setFiles} />
        <Show when={values.clientId}>
          {(clientId) => <DocumentChooser id="request-documents" clientId={clientId()} chosen={documents()} onChange={setDocuments} />}
        </Show>
        <Show when={client()}>
          {(chosen) => (
            <AudiencePicker
              clientName={chosen().name}
              value={values.audience}
              projects={projects()}
              candidates={candidates().filter((c) => c.accountId !== account()?.id)}
              errors={{ project: errors.project, recipients: errors.recipients }}
              kinds={KINDS}
              legend={t('messages.new.legend')}
              projectNoneHint={t('messages.new.projectNone')}
              onChange={(next) => {
                setValues('audience', next)
                setErrors({ project: undefined, recipients: undefined })
              }}
            />
          )}
        </Show>
        <Show when={!staff()}>
          <p class="folder-note">
            <InfoIcon class="icon" />
            <span>{t('messages.new.audience.peopleHint')}</span>
          </p>
        </Show>
        <div class="form__actions">
          <A href="/nachrichten" class="button button--secondary">
            {t('common.cancel')}
          </A>
          <button type="submit" class="button button--primary" classList={{ 'button--pending': pending() }} aria-disabled={pending() ? 'true' : undefined}>
            <span class="button__spinner" aria-hidden="true" />
            <span>{t('messages.new.submit')}</span>
          </button>
        </div>
      </form>
    </div>
  )
}
