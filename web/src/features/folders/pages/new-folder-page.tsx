import { Navigate, createAsync, useParams, useSearchParams } from '@solidjs/router'
import { ErrorBoundary, Show } from 'solid-js'
import { LoadError } from '../../../components/load-error'
import { t } from '../../../i18n'
import { usePageTitle } from '../../../lib/page-title'
import { getClient } from '../../clients/queries'
import { NewFolderForm } from '../components/new-folder-form'
import '../../items/items.css'
import '../folders.css'
import { mayCreateFolder } from './client-folders'

/**
 * /mandanten/:clientId/mappen/neu (?projekt=… from a project): staff, and members who may upload,
 * create a document folder and choose who sees it.
 */
export default function NewFolderPage() {
  usePageTitle('folders.new.title')
  const params = useParams<{ clientId: string }>()
  const [search] = useSearchParams<{ projekt?: string }>()
  const client = createAsync(() => getClient(params.clientId))
  return (
    <ErrorBoundary
      fallback={(error, reset) => (
        <LoadError error={error} onRetry={reset} notFoundTitle={t('clients.notFound')} />
      )}
    >
      <Show when={client()}>
        {(current) => (
          <Show
            when={mayCreateFolder(current())}
            fallback={<Navigate href={`/mandanten/${current().id}/mappen`} />}
          >
            <div class="page editor-page">
              <header class="page-head">
                <p class="eyebrow eyebrow--on-dark">{t('folders.new.eyebrow')}</p>
                <h1 id="page-title" class="page-head__title">
                  {t('folders.new.title')}
                </h1>
                <p class="page-head__lead">
                  {t('folders.new.forClient', { name: current().name })}
                </p>
              </header>
              <NewFolderForm client={current()} projectId={search.projekt} />
            </div>
          </Show>
        )}
      </Show>
    </ErrorBoundary>
  )
}
