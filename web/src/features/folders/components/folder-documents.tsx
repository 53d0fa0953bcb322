import { useAction } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { DownloadIcon, PlusIcon } from '../../../components/action-icons'
import { Alert } from '../../../components/alert'
import { AudienceChip } from '../../../components/audience-chip'
import { ConfirmDialog } from '../../../components/confirm-dialog'
import { EmptyState } from '../../../components/empty-state'
import { EyeIcon } from '../../../components/icons'
import { DocumentIcon } from '../../../components/object-icons'
import { locale, t } from '../../../i18n'
import { formatTime } from '../../../lib/format'
import {
  fileUrl,
  previewable,
  removeDocument,
  zipUrl,
  type Folder,
  type FolderDocument,
} from '../queries'
import { AddDocumentsDialog } from './add-documents-dialog'

/**
 * The folder's documents (those the person may see): download each, preview PDFs and images in
 * the browser, all of them as one ZIP; the creator and staff add and take out documents.
 */
export function FolderDocuments(props: { folder: Folder; clientName?: string }) {
  const remove = useAction(removeDocument)
  const [adding, setAdding] = createSignal(false)
  const [removing, setRemoving] = createSignal<FolderDocument>()
  const [notice, setNotice] = createSignal('')

  return (
    <section class="panel" aria-labelledby="folder-documents-title">
      <div class="panel__head">
        <h2 id="folder-documents-title" class="panel__title">
          {t('folders.detail.documentsTitle')}
        </h2>
        <div class="folder-actions">
          <Show when={props.folder.documents.length > 0}>
            <a
              href={zipUrl(props.folder.id)}
              class="button button--secondary button--small"
              download=""
              title={t('folders.detail.zipHint')}
            >
              <DownloadIcon />
              <span>{t('folders.detail.zip')}</span>
            </a>
          </Show>
          <Show when={props.folder.mayEdit}>
            <button
              type="button"
              class="button button--primary button--small"
              onClick={() => {
                setNotice('')
                setAdding(true)
              }}
            >
              <PlusIcon />
              <span>{t('folders.detail.add')}</span>
            </button>
          </Show>
        </div>
      </div>
      <div class="folder-bar">
        <AudienceChip
          audience={{
            kind: props.folder.audience,
            clientName: props.clientName,
            projectName: props.folder.projectName,
            recipients: props.folder.recipients,
          }}
        />
        <p class="folder-bar__note">{t('folders.detail.ownAudience')}</p>
      </div>
      <Show when={notice()}>
        <Alert tone="success">{notice()}</Alert>
      </Show>
      <Show
        when={props.folder.documents.length > 0}
        fallback={
          <EmptyState
            icon={<DocumentIcon />}
            title={t('folders.detail.noDocuments')}
            text={
              props.folder.mayEdit
                ? t('folders.detail.noDocumentsEdit')
                : t('folders.detail.noDocumentsText')
            }
          />
        }
      >
        <ul class="item-list" aria-labelledby="folder-documents-title">
          <For each={props.folder.documents}>
            {(doc) => (
              <li class="item folder-document">
                <span class="item__icon" aria-hidden="true">
                  <DocumentIcon />
                </span>
                <div class="item__body">
                  <p class="item__title">{doc.title}</p>
                  <p class="item__meta">
                    <Show when={doc.filename && doc.filename !== doc.title}>
                      {doc.filename}
                      {' · '}
                    </Show>
                    <Show when={doc.size !== null}>
                      {formatSize(doc.size!)}
                      {' · '}
                    </Show>
                    {t('folders.detail.added', { date: formatTime(doc.addedAt, 'date') })}
                  </p>
                </div>
                <div class="folder-document__actions">
                  <Show when={previewable(doc.mediaType)}>
                    <a
                      href={fileUrl(doc.id, true)}
                      target="_blank"
                      rel="noopener"
                      class="button button--secondary button--small"
                      aria-label={t('folders.detail.previewLabel', { name: doc.title })}
                    >
                      <EyeIcon />
                      <span>{t('folders.detail.preview')}</span>
                    </a>
                  </Show>
                  <a
                    href={fileUrl(doc.id)}
                    download=""
                    class="button button--secondary button--small"
                    aria-label={t('folders.detail.downloadLabel', { name: doc.title })}
                  >
                    <DownloadIcon />
                    <span>{t('folders.detail.download')}</span>
                  </a>
                  <Show when={props.folder.mayEdit}>
                    <button
                      type="button"
                      class="link-button folder-document__remove"
                      aria-label={t('folders.detail.removeLabel', { name: doc.title })}
                      onClick={() => setRemoving(doc)}
                    >
                      {t('folders.detail.remove')}
                    </button>
                  </Show>
                </div>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <AddDocumentsDialog
        open={adding()}
        folder={props.folder}
        clientName={props.clientName}
        onClose={() => setAdding(false)}
        onAdded={(count) =>
          setNotice(
            count === 1
              ? t('folders.picker.addedOne')
              : t('folders.picker.addedMany', { count }),
          )
        }
      />
      <ConfirmDialog
        open={Boolean(removing())}
        title={t('folders.detail.removeTitle')}
        text={t('folders.detail.removeText', { title: removing()?.title ?? '' })}
        confirmLabel={t('folders.detail.remove')}
        onConfirm={async () => {
          const doc = removing()!
          await remove({ folderId: props.folder.id, documentId: doc.id })
          setNotice(t('folders.detail.removed', { title: doc.title }))
        }}
        onClose={() => setRemoving(undefined)}
      />
    </section>
  )
}

/** "12 KB", "3,4 MB" in the UI's number format. */
function formatSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1
  const number = new Intl.NumberFormat(locale() === 'en' ? 'en-GB' : 'de-DE', {
    maximumFractionDigits: digits,
  })
  return `${number.format(value)} ${units[unit]}`
}
