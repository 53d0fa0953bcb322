import { A, createAsync, revalidate, useAction, useParams } from '@solidjs/router'
import { createSignal, ErrorBoundary, For, Show } from 'solid-js'
import { DownloadIcon } from '../../../components/action-icons'
import { Alert } from '../../../components/alert'
import { AudienceChip } from '../../../components/audience-chip'
import { EyeIcon } from '../../../components/icons'
import { LoadError } from '../../../components/load-error'
import { locale, t } from '../../../i18n'
import { toApiError } from '../../../lib/api'
import { genericErrorText } from '../../../lib/error-message'
import { formatTime } from '../../../lib/format'
import { usePageTitleText } from '../../../lib/page-title'
import { useAccount } from '../../auth/account-context'
import { ShareButton } from '../../shares/components/share-dialog'
import { getClient } from '../../clients/queries'
import { getItem } from '../../items/queries'
import { TypeBadge } from '../components/document-list'
import { DeleteDocument } from '../components/delete-document'
import { ReceiptsTable } from '../components/receipts-table'
import { VersionUpload } from '../components/version-upload'
import {
  confirmReceipt,
  fileUrl,
  getDocument,
  getDocuments,
  getReceipts,
  uploaderText,
  type DocumentDetail,
} from '../queries'
import { formatBytes } from '../upload/file-check'
import '../documents.css'

const IMAGE = /^image\/(png|jpeg|gif|webp)$/

/**
 * /dokumente/:itemId (the link in delivery mails): the document with its versions, download and
 * preview. Recipients confirm receipt when the firm asks for it; staff see who has opened it and
 * who has not, and remind them.
 */
export default function DocumentPage() {
  const params = useParams<{ itemId: string }>()
  return (
    <ErrorBoundary
      fallback={(error, reset) => <LoadError error={error} onRetry={reset} notFoundTitle={t('documentPage.notFound')} />}
    >
      <DocumentView itemId={params.itemId} />
    </ErrorBoundary>
  )
}

function DocumentView(props: { itemId: string }) {
  const doc = createAsync(() => getDocument(props.itemId))
  usePageTitleText(() => doc()?.title)
  return <Show when={doc()}>{(current) => <Document doc={current()} />}</Show>
}

function Document(props: { doc: DocumentDetail }) {
  const account = useAccount()
  const client = createAsync(async () => getClient(props.doc.clientId).catch(() => undefined))
  const item = createAsync(async () => getItem(props.doc.id).catch(() => undefined))
  const staff = () => Boolean(client()?.isStaff)
  // Read the props before awaiting: after the await the surrounding <Show> may be refreshing.
  const row = createAsync(async () => {
    const { id, clientId } = props.doc
    if (account()?.kind === 'external') return undefined
    return (await getDocuments({ clientId }).catch(() => [])).find((d) => d.id === id)
  })
  const receipts = createAsync(async () => (staff() ? getReceipts(props.doc.id) : []), { initialValue: [] })
  const latest = () => props.doc.versions[0]
  const mayAddVersion = () => staff() || (row() && row()!.createdBy === account()?.id)
  const reload = () => void revalidate([getDocument.keyFor(props.doc.id), getDocuments.key, getReceipts.keyFor(props.doc.id)])

  return (
    <div class="page document-page">
      <header class="page-head">
        <p class="eyebrow eyebrow--on-dark">{t('documentPage.eyebrow')}</p>
        <h1 id="page-title" class="page-head__title">
          {props.doc.title}
        </h1>
        <p class="page-head__lead document-page__lead">
          <Show when={client()}>
            {(owner) => (
              <A href={`/mandanten/${owner().id}/dokumente`} class="page-head__link">
                {owner().name}
              </A>
            )}
          </Show>
          <span>{t('documentPage.since', { date: formatTime(props.doc.createdAt, 'date') })}</span>
        </p>
      </header>
      <div class="stack">
        <Show when={!staff() && props.doc.requiresConfirmation}>
          <ConfirmPanel doc={props.doc} />
        </Show>
        <section class="panel" aria-labelledby="document-file">
          <h2 id="document-file" class="visually-hidden">
            {t('documentPage.file')}
          </h2>
          <Show when={latest()}>
            {(version) => (
              <div class="document-file">
                <span class="item__icon document-file__icon" aria-hidden="true">
                  <TypeBadge filename={version().filename} />
                </span>
                <div class="document-file__body">
                  <p class="document-file__name">{version().filename}</p>
                  <p class="item__meta">
                    {formatBytes(version().size, locale())} · {t('documentPage.version', { n: version().version })} ·{' '}
                    {formatTime(version().createdAt, 'dateTime')}
                  </p>
                </div>
                <div class="document-file__actions">
                  <Show when={version().mediaType === 'application/pdf' || IMAGE.test(version().mediaType)}>
                    <a href={fileUrl(props.doc.id, { inline: true })} target="_blank" rel="noopener" class="button button--secondary button--small">
                      <EyeIcon class="icon" />
                      <span>{t('documentPage.preview')}</span>
                    </a>
                  </Show>
                  <a href={fileUrl(props.doc.id)} download={version().filename} class="button button--primary button--small">
                    <DownloadIcon />
                    <span>{t('documentPage.download')}</span>
                  </a>
                  <ShareButton clientId={props.doc.clientId} documentIds={[props.doc.id]} />
                </div>
              </div>
            )}
          </Show>
          <Show when={latest() && IMAGE.test(latest()!.mediaType)}>
            <figure class="document-preview">
              <img src={fileUrl(props.doc.id, { inline: true })} alt={t('documentPage.previewAlt', { name: latest()!.filename })} />
            </figure>
          </Show>
          <dl class="facts">
            <div class="facts__row">
              <dt>{t('documentPage.audience')}</dt>
              <dd>
                <AudienceChip
                  audience={{
                    kind: props.doc.audience,
                    clientName: client()?.name,
                    projectName: item()?.audience.projectName,
                    recipients: item()?.audience.recipients,
                  }}
                />
              </dd>
            </div>
            <Show when={props.doc.category}>
              <div class="facts__row">
                <dt>{t('documents.category')}</dt>
                <dd>{props.doc.category}</dd>
              </div>
            </Show>
            <Show when={row()}>
              {(r) => (
                <div class="facts__row">
                  <dt>{t('documentPage.from')}</dt>
                  <dd>{uploaderText(r())}</dd>
                </div>
              )}
            </Show>
          </dl>
          <Show when={props.doc.note}>
            <div class="document-note">
              <h3 class="document-note__title">{t('documentPage.note')}</h3>
              <p>{props.doc.note}</p>
            </div>
          </Show>
          <DeleteDocument itemId={props.doc.id} backHref={`/mandanten/${props.doc.clientId}/dokumente`} />
        </section>
        <Show when={staff()}>
          <section class="panel" aria-labelledby="document-receipts">
            <h2 id="document-receipts" class="panel__title">
              {t('receipts.title')}
            </h2>
            <ReceiptsTable itemId={props.doc.id} receipts={receipts()} requiresConfirmation={props.doc.requiresConfirmation} />
          </section>
        </Show>
        <section class="panel" aria-labelledby="document-versions">
          <div class="panel__head">
            <h2 id="document-versions" class="panel__title">
              {t('versions.title')}
            </h2>
            <Show when={mayAddVersion()}>
              <VersionUpload itemId={props.doc.id} onDone={reload} />
            </Show>
          </div>
          <ul class="item-list versions">
            <For each={props.doc.versions}>
              {(version) => (
                <li class="item versions__row">
                  <span class="versions__number">v{version.version}</span>
                  <div class="item__body">
                    <p class="item__title">{version.filename}</p>
                    <p class="item__meta">
                      {formatBytes(version.size, locale())} · {formatTime(version.createdAt, 'dateTime')}
                    </p>
                  </div>
                  <a
                    href={fileUrl(props.doc.id, { version: version.version })}
                    download={version.filename}
                    class="button button--secondary button--small"
                    aria-label={t('versions.downloadLabel', { n: version.version })}
                  >
                    <DownloadIcon />
                    <span>{t('documentPage.download')}</span>
                  </a>
                </li>
              )}
            </For>
          </ul>
        </section>
      </div>
    </div>
  )
}

/** The firm asks the recipient to confirm receipt explicitly; afterwards it says when they did. */
function ConfirmPanel(props: { doc: DocumentDetail }) {
  const confirm = useAction(confirmReceipt)
  const [pending, setPending] = createSignal(false)
  const [failure, setFailure] = createSignal<string>()
  async function send() {
    if (pending()) return
    setPending(true)
    setFailure(undefined)
    try {
      await confirm(props.doc.id)
    } catch (thrown) {
      setFailure(genericErrorText(toApiError(thrown)))
    } finally {
      setPending(false)
    }
  }
  return (
    <section class="panel panel--attention confirm-panel" aria-labelledby="confirm-title">
      <Show
        when={props.doc.confirmedAt}
        fallback={
          <>
            <div>
              <h2 id="confirm-title" class="panel__title">
                {t('documentPage.confirmTitle')}
              </h2>
              <p class="panel__lead">{t('documentPage.confirmText')}</p>
            </div>
            <Show when={failure()}>
              <Alert tone="error">{failure()}</Alert>
            </Show>
            <button
              type="button"
              class="button button--primary"
              classList={{ 'button--pending': pending() }}
              aria-disabled={pending() ? 'true' : undefined}
              onClick={() => void send()}
            >
              <span class="button__spinner" aria-hidden="true" />
              <span>{t('documentPage.confirm')}</span>
            </button>
          </>
        }
      >
        {(at) => (
          <p id="confirm-title" class="status status--ok">
            {t('documentPage.confirmed', { date: formatTime(at(), 'dateTime') })}
          </p>
        )}
      </Show>
    </section>
  )
}
