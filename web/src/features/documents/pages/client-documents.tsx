import { A, createAsync, revalidate } from '@solidjs/router'
import { Show } from 'solid-js'
import { PlusIcon } from '../../../components/action-icons'
import { EmptyState } from '../../../components/empty-state'
import { DocumentIcon } from '../../../components/object-icons'
import { t } from '../../../i18n'
import { useClient } from '../../clients/client-context'
import type { Client } from '../../clients/queries'
import { getProjects } from '../../projects/queries'
import { ClientUpload } from '../components/client-upload'
import { DocumentList } from '../components/document-list'
import { RequestList } from '../components/request-list'
import { getDocuments, getRequests } from '../queries'
import '../documents.css'

/**
 * /mandanten/:clientId/dokumente: the client's documents. Clients see the firm's open requests
 * first, then an upload area (with the right to upload), then everything they may see; staff
 * deliver documents and ask for them from here.
 */
export default function ClientDocuments() {
  const client = useClient()
  return <Show when={client()}>{(current) => <Documents client={current()} />}</Show>
}

function Documents(props: { client: Client }) {
  const documents = createAsync(() => getDocuments({ clientId: props.client.id }), { initialValue: [] })
  const requests = createAsync(() => getRequests(props.client.id).catch(() => []), { initialValue: [] })
  const seesProjects = () => props.client.isStaff || Boolean(props.client.rights?.includes('projects.read'))
  const projects = createAsync(
    async () => (seesProjects() ? getProjects(props.client.id).catch(() => []) : []),
    { initialValue: [] },
  )
  const projectNames = () => Object.fromEntries(projects().map((p) => [p.id, p.name]))
  const mayUpload = () => !props.client.isStaff && Boolean(props.client.rights?.includes('documents.upload'))
  const open = () => requests().filter((r) => r.status === 'open' || r.status === 'returned')
  const base = () => `/mandanten/${props.client.id}`

  return (
    <div class="stack">
      <Show when={!props.client.isStaff && open().length > 0}>
        <section class="panel panel--attention" aria-labelledby="open-requests-title">
          <h2 id="open-requests-title" class="panel__title">
            {t('requests.openTitle')}
          </h2>
          <p class="panel__lead">{t('requests.openLead')}</p>
          <RequestList requests={open()} label={t('requests.openTitle')} />
        </section>
      </Show>
      <Show when={mayUpload()}>
        <section class="panel" aria-labelledby="upload-title">
          <h2 id="upload-title" class="panel__title">
            {t('upload.title')}
          </h2>
          <ClientUpload
            clientId={props.client.id}
            clientName={props.client.name}
            onUploaded={() => void revalidate(getDocuments.key)}
          />
        </section>
      </Show>
      <section class="panel" aria-labelledby="documents-title">
        <div class="panel__head">
          <h2 id="documents-title" class="panel__title">
            {t('documents.title')}
          </h2>
          <Show when={props.client.isStaff}>
            <div class="panel__actions">
              <A href={`${base()}/anforderungen/neu`} class="button button--secondary button--small">
                <PlusIcon />
                <span>{t('requests.create')}</span>
              </A>
              <A href={`${base()}/zustellen`} class="button button--primary button--small">
                <DocumentIcon />
                <span>{t('delivery.open')}</span>
              </A>
            </div>
          </Show>
        </div>
        <DocumentList
          documents={documents()}
          staff={props.client.isStaff}
          clientName={props.client.name}
          projectNames={projectNames()}
          empty={
            <EmptyState
              icon={<DocumentIcon />}
              title={t('documents.empty')}
              text={props.client.isStaff ? t('documents.emptyStaff') : t('documents.emptyText')}
            />
          }
        />
      </section>
    </div>
  )
}
