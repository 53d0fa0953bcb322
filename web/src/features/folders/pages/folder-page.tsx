import { A, createAsync, useParams } from '@solidjs/router'
import { ErrorBoundary, Show } from 'solid-js'
import { LoadError } from '../../../components/load-error'
import { t } from '../../../i18n'
import { formatTime } from '../../../lib/format'
import { usePageTitleText } from '../../../lib/page-title'
import { useAccount } from '../../auth/account-context'
import { ShareButton } from '../../shares/components/share-dialog'
import { getClient } from '../../clients/queries'
import { CommentThread } from '../components/comment-thread'
import { FolderDocuments } from '../components/folder-documents'
import { getFolder, type Folder } from '../queries'
import '../folders.css'

/**
 * /mappen/:folderId (the link in mention mails): a document folder with its documents, the ZIP
 * of all of them, and the comment thread of everyone in its audience.
 */
export default function FolderPage() {
  const params = useParams<{ folderId: string }>()
  return (
    <ErrorBoundary
      fallback={(error, reset) => (
        <LoadError error={error} onRetry={reset} notFoundTitle={t('folders.detail.notFound')} />
      )}
    >
      <FolderView folderId={params.folderId} />
    </ErrorBoundary>
  )
}

function FolderView(props: { folderId: string }) {
  const folder = createAsync(() => getFolder(props.folderId))
  usePageTitleText(() => folder()?.title)
  return <Show when={folder()}>{(current) => <FolderContent folder={current()} />}</Show>
}

function FolderContent(props: { folder: Folder }) {
  const account = useAccount()
  // Outside participants cannot open the client itself: the chip then reads generically.
  const client = createAsync(async () =>
    account()?.kind === 'external'
      ? undefined
      : getClient(props.folder.clientId).catch(() => undefined),
  )
  const back = () =>
    props.folder.projectId && account()?.kind === 'external'
      ? { href: `/projekte/${props.folder.projectId}`, label: t('folders.detail.toProject') }
      : client()
        ? {
            href: `/mandanten/${client()!.id}/mappen`,
            label: t('folders.detail.toClient', { name: client()!.name }),
          }
        : { href: '/', label: t('common.toStart') }

  return (
    <div class="page folder-page">
      <header class="page-head">
        <p class="eyebrow eyebrow--on-dark">{t('folders.eyebrow')}</p>
        <h1 id="page-title" class="page-head__title">
          {props.folder.title}
        </h1>
        <p class="page-head__lead">
          {t('folders.detail.created', { date: formatTime(props.folder.createdAt, 'date') })}
          <Show when={client()}>
            {(owner) => (
              <>
                {' · '}
                {t('folders.detail.ofClient')}{' '}
                <A href={`/mandanten/${owner().id}/mappen`} class="page-head__link">
                  {owner().name}
                </A>
              </>
            )}
          </Show>
        </p>
        <div class="share-mount">
          <ShareButton clientId={props.folder.clientId} groupId={props.folder.id} onDark />
        </div>
      </header>
      <div class="stack">
        <FolderDocuments folder={props.folder} clientName={client()?.name} />
        <CommentThread folder={props.folder} />
      </div>
      <p class="folder-page__back">
        <A href={back().href}>{back().label}</A>
      </p>
    </div>
  )
}
