import { A, revalidate } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { createStore } from 'solid-js/store'
import { Alert } from '../../../components/alert'
import { CheckboxField } from '../../../components/checkbox-field'
import { TextAreaField } from '../../../components/textarea-field'
import { t } from '../../../i18n'
import { usePageTitle } from '../../../lib/page-title'
import type { Client } from '../../clients/queries'
import { useAudiencePeople } from '../../items/audience-people'
import { AudiencePicker, type AudienceValue } from '../../items/components/audience-picker'
import { CategoryField, useUploadCategories } from '../components/category-field'
import { UploadZone } from '../components/upload-zone'
import { getDocuments } from '../queries'
import { createUploadQueue } from '../upload/upload-queue'
import { StaffClientPage } from '../components/staff-client-page'
import '../../items/items.css'
import '../documents.css'

/**
 * /mandanten/:clientId/zustellen (?projekt=…): staff deliver one or more files to an audience
 * with an optional message, ask for a confirmation of receipt and notify the recipients by mail
 * (a notice and a link, never the document's name).
 */
export default function DeliverPage() {
  usePageTitle('delivery.title')
  return (
    <StaffClientPage fallback="dokumente">{(client, projectId) => <Deliver client={client} projectId={projectId} />}</StaffClientPage>
  )
}

function Deliver(props: { client: Client; projectId: string | null }) {
  const [audience, setAudience] = createSignal<AudienceValue>({
    kind: props.projectId ? 'project' : 'client',
    projectId: props.projectId,
    recipients: [],
  })
  const [options, setOptions] = createStore({ note: '', category: '', confirm: false, notify: true })
  const [errors, setErrors] = createStore<{ project?: string; recipients?: string; files?: string }>({})
  const { projects, candidates } = useAudiencePeople({
    clientId: () => props.client.id,
    projectId: () => audience().projectId,
    item: () => undefined,
  })
  const categories = useUploadCategories(() =>
    audience().projectId ? { projectId: audience().projectId! } : { clientId: props.client.id },
  )
  const queue = createUploadQueue({
    autoStart: false,
    meta: () => ({
      clientId: props.client.id,
      audience: audience().kind,
      projectId: audience().projectId ?? undefined,
      recipients: audience().kind === 'people' ? audience().recipients.join(',') : undefined,
      note: options.note.trim(),
      category: options.category.trim(),
      requiresConfirmation: options.confirm ? 'true' : 'false',
      notify: options.notify && audience().kind !== 'internal' ? 'true' : 'false',
    }),
    allowed: () => null,
    onDone: () => void revalidate(getDocuments.key),
  })
  const sent = () => queue.entries.some((entry) => entry.state !== 'ready')
  const delivered = () => queue.entries.filter((entry) => entry.state === 'done').length
  const back = () => `/mandanten/${props.client.id}/dokumente`

  function send(event: SubmitEvent) {
    event.preventDefault()
    const found: typeof errors = {}
    if (audience().kind === 'project' && !audience().projectId) found.project = t('editor.errors.projectMissing')
    if (audience().kind === 'people' && audience().recipients.length === 0) found.recipients = t('editor.errors.recipientsMissing')
    if (queue.ready() === 0) found.files = t('delivery.filesMissing')
    setErrors({ project: undefined, recipients: undefined, files: undefined, ...found })
    if (Object.keys(found).length === 0) queue.startAll()
  }

  return (
    <div class="page deliver-page">
      <header class="page-head">
        <p class="eyebrow eyebrow--on-dark">{t('delivery.eyebrow')}</p>
        <h1 id="page-title" class="page-head__title">
          {t('delivery.title')}
        </h1>
        <p class="page-head__lead">{t('delivery.lead', { name: props.client.name })}</p>
      </header>
      <form class="panel deliver" novalidate onSubmit={send}>
        <fieldset class="deliver__step" disabled={sent()}>
          <AudiencePicker
            clientName={props.client.name}
            value={audience()}
            projects={projects()}
            candidates={candidates()}
            errors={errors}
            legend={t('delivery.audience')}
            projectNoneHint={t('delivery.projectNone')}
            onChange={setAudience}
          />
          <div class="deliver__grid">
            <TextAreaField
              id="delivery-note"
              label={t('delivery.message')}
              hint={t('delivery.messageHint')}
              value={options.note}
              onInput={(value) => setOptions('note', value)}
              rows={4}
              maxLength={2000}
              optional
            />
            <div>
              <CategoryField
                id="delivery-category"
                choices={categories()}
                value={options.category}
                onChange={(value) => setOptions('category', value)}
              />
              <CheckboxField
                id="delivery-confirm"
                label={t('delivery.requireConfirmation')}
                hint={t('delivery.requireConfirmationHint')}
                checked={options.confirm}
                onChange={(value) => setOptions('confirm', value)}
              />
              <CheckboxField
                id="delivery-notify"
                label={t('delivery.notify')}
                hint={audience().kind === 'internal' ? t('delivery.notifyInternal') : t('delivery.notifyHint')}
                checked={options.notify && audience().kind !== 'internal'}
                disabled={audience().kind === 'internal'}
                onChange={(value) => setOptions('notify', value)}
              />
            </div>
          </div>
        </fieldset>
        <h2 class="deliver__files-title">{t('delivery.files')}</h2>
        <Show when={errors.files}>
          <Alert tone="error">{errors.files}</Alert>
        </Show>
        <UploadZone queue={queue} disabled={sent()} label={t('delivery.drop')} />
        <Show when={queue.finished() && delivered() > 0}>
          <Alert tone="success">
            {delivered() === 1 ? t('delivery.doneOne') : t('delivery.done', { count: delivered() })}
          </Alert>
        </Show>
        <div class="form__actions">
          <A href={back()} class="button button--secondary">
            {sent() ? t('delivery.toDocuments') : t('common.cancel')}
          </A>
          <Show when={!sent()}>
            <button type="submit" class="button button--primary">
              {queue.ready() > 1 ? t('delivery.submitMany', { count: queue.ready() }) : t('delivery.submit')}
            </button>
          </Show>
        </div>
      </form>
    </div>
  )
}
