import { A, createAsync } from '@solidjs/router'
import { Show } from 'solid-js'
import { PlusIcon } from '../../../components/action-icons'
import { EmptyState } from '../../../components/empty-state'
import { DocumentIcon } from '../../../components/object-icons'
import { t } from '../../../i18n'
import { useClient } from '../../clients/client-context'
import type { Client } from '../../clients/queries'
import { RequestList } from '../components/request-list'
import { getRequests } from '../queries'
import '../documents.css'

/** /mandanten/:clientId/anforderungen: every document request of the client with its state. */
export default function ClientRequests() {
  const client = useClient()
  return <Show when={client()}>{(current) => <Requests client={current()} />}</Show>
}

function Requests(props: { client: Client }) {
  const requests = createAsync(() => getRequests(props.client.id), { initialValue: [] })
  return (
    <section class="panel" aria-labelledby="requests-title">
      <div class="panel__head">
        <div>
          <h2 id="requests-title" class="panel__title">
            {t('requests.title')}
          </h2>
          <p class="panel__lead">{props.client.isStaff ? t('requests.leadStaff') : t('requests.lead')}</p>
        </div>
        <Show when={props.client.isStaff}>
          <A href={`/mandanten/${props.client.id}/anforderungen/neu`} class="button button--primary button--small">
            <PlusIcon />
            <span>{t('requests.create')}</span>
          </A>
        </Show>
      </div>
      <Show
        when={requests().length > 0}
        fallback={
          <EmptyState
            icon={<DocumentIcon />}
            title={t('requests.empty')}
            text={props.client.isStaff ? t('requests.emptyStaff') : t('requests.emptyText')}
          />
        }
      >
        <RequestList requests={requests()} label={t('requests.title')} />
      </Show>
    </section>
  )
}
