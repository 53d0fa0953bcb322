import { createAsync, useParams } from '@solidjs/router'
import { ErrorBoundary, Show, type JSX } from 'solid-js'
import { LoadError } from '../../../components/load-error'
import { t } from '../../../i18n'
import { usePageTitle } from '../../../lib/page-title'
import { getClient } from '../../clients/queries'
import { InfoPageEditor } from '../components/info-page-editor'
import { getItem, type Item } from '../queries'
import '../items.css'

/** /infoseiten/:itemId/bearbeiten: staff change an info page's title, text or audience. */
export default function EditInfoPage() {
  usePageTitle('editor.editTitle')
  const params = useParams<{ itemId: string }>()
  const item = createAsync(() => getItem(params.itemId))
  const groupName = () => item()?.audience.groupName ?? ''
  return (
    <ErrorBoundary
      fallback={(error, reset) => (
        <LoadError error={error} onRetry={reset} notFoundTitle={t('infoPages.notFound')} />
      )}
    >
      <Show when={item()}>
        {(current) => (
          <Show
            when={current().clientId}
            fallback={
              <EditorFrame item={current()} lead={t('editor.forGroup', { name: groupName() })}>
                <InfoPageEditor
                  target={{ kind: 'group', groupName: groupName(), item: current() }}
                />
              </EditorFrame>
            }
          >
            {(clientId) => <ClientPageEditor item={current()} clientId={clientId()} />}
          </Show>
        )}
      </Show>
    </ErrorBoundary>
  )
}

function ClientPageEditor(props: { item: Item; clientId: string }) {
  const client = createAsync(() => getClient(props.clientId))
  return (
    <Show when={client()}>
      {(current) => (
        <EditorFrame item={props.item} lead={t('editor.forClient', { name: current().name })}>
          <InfoPageEditor target={{ kind: 'client', client: current(), item: props.item }} />
        </EditorFrame>
      )}
    </Show>
  )
}

function EditorFrame(props: { item: Item; lead: string; children: JSX.Element }) {
  return (
    <div class="page editor-page">
      <header class="page-head">
        <p class="eyebrow eyebrow--on-dark">{t('editor.eyebrowEdit')}</p>
        <h1 id="page-title" class="page-head__title">
          {props.item.title}
        </h1>
        <p class="page-head__lead">{props.lead}</p>
      </header>
      {props.children}
    </div>
  )
}
