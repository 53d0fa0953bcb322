import { createAsync, Navigate, useParams, useSearchParams } from '@solidjs/router'
import { ErrorBoundary, Show, type JSX } from 'solid-js'
import { LoadError } from '../../../components/load-error'
import { t } from '../../../i18n'
import { getClient, type Client } from '../../clients/queries'

/**
 * A firm-only page of a client (/mandanten/:clientId/…, optionally ?projekt=…): loads the client,
 * sends anyone who is not the client's staff to the client's `fallback` tab, and renders the page
 * with the client and the preselected project.
 */
export function StaffClientPage(props: { fallback: string; children: (client: Client, projectId: string | null) => JSX.Element }) {
  const params = useParams<{ clientId: string }>()
  const [search] = useSearchParams<{ projekt?: string }>()
  const client = createAsync(() => getClient(params.clientId))
  return (
    <ErrorBoundary fallback={(error, reset) => <LoadError error={error} onRetry={reset} notFoundTitle={t('clients.notFound')} />}>
      <Show when={client()}>
        {(current) => (
          <Show when={current().isStaff} fallback={<Navigate href={`/mandanten/${current().id}/${props.fallback}`} />}>
            {props.children(current(), search.projekt ?? null)}
          </Show>
        )}
      </Show>
    </ErrorBoundary>
  )
}
