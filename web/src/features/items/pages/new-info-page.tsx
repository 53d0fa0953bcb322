import { Navigate, createAsync, useParams, useSearchParams } from '@solidjs/router'
import { ErrorBoundary, Show } from 'solid-js'
import { LoadError } from '../../../components/load-error'
import { t } from '../../../i18n'
import { usePageTitle } from '../../../lib/page-title'
import { getClient } from '../../clients/queries'
import { InfoPageEditor } from '../components/info-page-editor'
import '../items.css'

/**
 * /mandanten/:clientId/infoseiten/neu (?projekt=… from a project page): staff of the client write
 * a new info page and choose who sees it.
 */
export default function NewInfoPage() {
  usePageTitle('editor.newTitle')
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
            when={current().isStaff}
            fallback={<Navigate href={`/mandanten/${current().id}`} />}
          >
            <div class="page editor-page">
              <header class="page-head">
                <p class="eyebrow eyebrow--on-dark">{t('editor.eyebrow')}</p>
                <h1 id="page-title" class="page-head__title">
                  {t('editor.newTitle')}
                </h1>
                <p class="page-head__lead">{t('editor.forClient', { name: current().name })}</p>
              </header>
              <InfoPageEditor
                target={{ kind: 'client', client: current(), projectId: search.projekt }}
              />
            </div>
          </Show>
        )}
      </Show>
    </ErrorBoundary>
  )
}
