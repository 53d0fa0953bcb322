import { A, createAsync, revalidate, useParams } from '@solidjs/router'
import { createSignal, ErrorBoundary, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { EmptyState } from '../../../components/empty-state'
import { EyeIcon } from '../../../components/icons'
import { LoadError } from '../../../components/load-error'
import { DocumentIcon } from '../../../components/object-icons'
import { t } from '../../../i18n'
import { ApiError } from '../../../lib/api'
import { formatTime } from '../../../lib/format'
import { usePageTitleText } from '../../../lib/page-title'
import { getClient } from '../../clients/queries'
import { getItem } from '../../items/queries'
import { UploadLinkButton } from '../../shares/components/upload-link-dialog'
import { DecideRequest } from '../components/decide-request'
import { DocumentList, TypeBadge } from '../components/document-list'
import { isOverdue } from '../components/request-list'
import { RequestStatusChip } from '../components/request-status'
import { UploadZone } from '../components/upload-zone'
import { fileUrl, getDocuments, getRequests, type DocumentRequest } from '../queries'
import { formatTypes } from '../upload/file-check'
import { createUploadQueue } from '../upload/upload-queue'
import '../documents.css'

/**
 * /anforderungen/:requestId (the link in the request mail): what the firm asks for, by when and
 * in which formats; the people asked upload here, and see why files came back. Staff see what
 * was submitted and accept or return it.
 */
export default function RequestPage() {
  const params = useParams<{ requestId: string }>()
  return (
    <ErrorBoundary
      fallback={(error, reset) => <LoadError error={error} onRetry={reset} notFoundTitle={t('requests.notFound')} />}
    >
      <RequestView requestId={params.requestId} />
    </ErrorBoundary>
  )
}

function RequestView(props: { requestId: string }) {
  const item = createAsync(() => getItem(props.requestId))
  const client = createAsync(async () => (item()?.clientId ? getClient(item()!.clientId!).catch(() => undefined) : undefined))
  const request = createAsync(async () => {
    const clientId = item()?.clientId
    if (!clientId) return undefined
    const found = (await getRequests(clientId)).find((r) => r.id === props.requestId)
    if (!found) throw new ApiError('not_found', { status: 404 })
    return found
  })
  usePageTitleText(() => item()?.title)
  return (
    <Show when={request()}>
      {(current) => (
        <Request
          request={current()}
          clientId={item()!.clientId!}
          clientName={client()?.name}
          staff={Boolean(client()?.isStaff)}
        />
      )}
    </Show>
  )
}

function Request(props: { request: DocumentRequest; clientId: string; clientName?: string; staff: boolean }) {
  const [notice, setNotice] = createSignal<string>()
  const submitted = createAsync(
    () => getDocuments({ clientId: props.clientId, requestId: props.request.id }).catch(() => []),
    { initialValue: [] },
  )
  const reload = () => void revalidate([getRequests.key, getDocuments.key])
  const queue = createUploadQueue({
    meta: () => ({ clientId: props.clientId, requestId: props.request.id }),
    allowed: () => props.request.allowedTypes,
    onDone: reload,
  })
  const takesUploads = () => !props.staff && props.request.status !== 'accepted'
  const mayDecide = () => props.staff && props.request.status !== 'accepted' && submitted().length > 0

  return (
    <div class="page request-page">
      <header class="page-head">
        <p class="eyebrow eyebrow--on-dark">{t('requests.eyebrow')}</p>
        <h1 id="page-title" class="page-head__title">
          {props.request.title}
        </h1>
        <p class="page-head__lead request-page__lead">
          <RequestStatusChip status={props.request.status} />
          <Show when={props.clientName}>
            <A href={`/mandanten/${props.clientId}/anforderungen`} class="page-head__link">
              {props.clientName}
            </A>
          </Show>
        </p>
        <Show when={props.staff && props.request.status !== 'accepted'}>
          <div class="share-mount">
            <UploadLinkButton clientId={props.clientId} requestId={props.request.id} onDark />
          </div>
        </Show>
      </header>
      <div class="stack">
        <section class="panel" aria-labelledby="request-about">
          <h2 id="request-about" class="visually-hidden">
            {t('requests.about')}
          </h2>
          <Show when={notice()}>
            <Alert tone="success">{notice()}</Alert>
          </Show>
          <Show when={props.request.status === 'returned' && props.request.statusReason}>
            <Alert tone="error">
              <strong>{t('requests.returnedBecause')}</strong> {props.request.statusReason}
            </Alert>
          </Show>
          <Show when={props.request.status === 'accepted'}>
            <Alert tone="success">{t('requests.acceptedText')}</Alert>
          </Show>
          <dl class="facts">
            <div class="facts__row">
              <dt>{t('requests.dueLabel')}</dt>
              <dd classList={{ 'request-row__overdue': isOverdue(props.request) }}>
                {props.request.dueAt ? formatTime(props.request.dueAt, 'date') : t('requests.noDue')}
                <Show when={isOverdue(props.request)}> · {t('requests.overdueShort')}</Show>
              </dd>
            </div>
            <div class="facts__row">
              <dt>{t('requests.typesLabel')}</dt>
              <dd>{props.request.allowedTypes ? formatTypes(props.request.allowedTypes) : t('requests.anyType')}</dd>
            </div>
            <div class="facts__row">
              <dt>{t('requests.askedOn')}</dt>
              <dd>{formatTime(props.request.createdAt, 'date')}</dd>
            </div>
          </dl>
          <Show when={props.request.hint}>
            <div class="request-page__hint">
              <h3 class="request-page__hint-title">{t('requests.hintLabel')}</h3>
              <p>{props.request.hint}</p>
            </div>
          </Show>
          <Show when={props.request.exampleDocumentId}>
            {(exampleId) => <RequestExample id={exampleId()} filename={props.request.exampleFilename ?? ''} />}
          </Show>
          <Show when={mayDecide()}>
            <DecideRequest request={props.request} clientName={props.clientName} onDecided={(text) => { setNotice(text); reload() }} />
          </Show>
        </section>
        <Show when={takesUploads()}>
          <section class="panel" aria-labelledby="request-upload">
            <h2 id="request-upload" class="panel__title">
              {props.request.status === 'returned' ? t('requests.uploadAgain') : t('requests.upload')}
            </h2>
            <UploadZone queue={queue} allowed={props.request.allowedTypes} label={t('requests.drop')} />
          </section>
        </Show>
        <section class="panel" aria-labelledby="request-files">
          <h2 id="request-files" class="panel__title">
            {props.staff ? t('requests.submittedStaff') : t('requests.submittedMine')}
          </h2>
          <DocumentList
            documents={submitted()}
            staff={props.staff}
            clientName={props.clientName}
            idPrefix="request-files"
            empty={<EmptyState icon={<DocumentIcon />} title={t('requests.nothingYet')} text={props.staff ? t('requests.nothingYetStaff') : undefined} />}
          />
        </section>
      </div>
    </div>
  )
}

/**
 * The firm's example file ("so sieht die benötigte Bescheinigung aus"), for everyone who sees
 * both the request and the example: opens in a new tab (PDFs and images inline, other types as a
 * download; either records the receipt like any document).
 */
function RequestExample(props: { id: string; filename: string }) {
  return (
    <div class="request-page__hint request-example" role="group" aria-labelledby="request-example-title">
      <h3 id="request-example-title" class="request-page__hint-title">
        {t('requests.exampleLabel')}
      </h3>
      <div class="document-file">
        <span class="item__icon" aria-hidden="true">
          <TypeBadge filename={props.filename} />
        </span>
        <div class="document-file__body">
          <p class="request-example__name">{props.filename}</p>
          <p class="item__meta">{t('requests.exampleText')}</p>
        </div>
        <a href={fileUrl(props.id, { inline: true })} target="_blank" rel="noopener" class="button button--secondary button--small">
          <EyeIcon class="icon" />
          <span>{t('requests.exampleView')}</span>
        </a>
      </div>
    </div>
  )
}
