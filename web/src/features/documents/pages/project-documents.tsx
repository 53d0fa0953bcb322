import { A, createAsync, revalidate, useParams } from '@solidjs/router'
import { ErrorBoundary, Show } from 'solid-js'
import { PlusIcon } from '../../../components/action-icons'
import { EmptyState } from '../../../components/empty-state'
import { LoadError } from '../../../components/load-error'
import { DocumentIcon } from '../../../components/object-icons'
import { t } from '../../../i18n'
import { usePageTitleText } from '../../../lib/page-title'
import { useAccount } from '../../auth/account-context'
import { getClient } from '../../clients/queries'
import { getProject, type ProjectDetail } from '../../projects/queries'
import { ClientUpload } from '../components/client-upload'
import { DocumentList } from '../components/document-list'
import { getProjectDocuments } from '../queries'
import '../documents.css'

/**
 * /projekte/:projectId/dokumente: the documents of one project. Outside participants see what
 * is addressed to them; the client's people upload into the project; staff deliver from here.
 */
export default function ProjectDocuments() {
  const params = useParams<{ projectId: string }>()
  return (
    <ErrorBoundary fallback={(error, reset) => <LoadError error={error} onRetry={reset} notFoundTitle={t('projects.notFound')} />}>
      <ProjectView projectId={params.projectId} />
    </ErrorBoundary>
  )
}

function ProjectView(props: { projectId: string }) {
  const project = createAsync(() => getProject(props.projectId))
  usePageTitleText(() => (project() ? `${t('documents.title')} · ${project()!.name}` : undefined))
  return <Show when={project()}>{(current) => <Documents project={current()} />}</Show>
}

function Documents(props: { project: ProjectDetail }) {
  const account = useAccount()
  const external = () => account()?.kind === 'external'
  const client = createAsync(async () => (external() ? undefined : getClient(props.project.clientId).catch(() => undefined)))
  const documents = createAsync(() => getProjectDocuments(props.project.id), { initialValue: [] })
  const staff = () => Boolean(client()?.isStaff)
  const mayUpload = () => !staff() && Boolean(client()?.rights?.includes('documents.upload'))
  const query = () => `?projekt=${props.project.id}`

  return (
    <div class="page">
      <header class="page-head">
        <p class="eyebrow eyebrow--on-dark">{t('documents.projectEyebrow')}</p>
        <h1 id="page-title" class="page-head__title">
          {props.project.name}
        </h1>
        <p class="page-head__lead">
          <A href={`/projekte/${props.project.id}`} class="page-head__link">
            {t('documents.toProject')}
          </A>
        </p>
      </header>
      <div class="stack">
        <Show when={mayUpload() && client()}>
          {(owner) => (
            <section class="panel" aria-labelledby="upload-title">
              <h2 id="upload-title" class="panel__title">
                {t('upload.title')}
              </h2>
              <ClientUpload
                clientId={owner().id}
                clientName={owner().name}
                projectId={props.project.id}
                    onUploaded={() => void revalidate(getProjectDocuments.key)}
              />
            </section>
          )}
        </Show>
        <section class="panel" aria-labelledby="documents-title">
          <div class="panel__head">
            <h2 id="documents-title" class="panel__title">
              {t('documents.title')}
            </h2>
            <Show when={staff()}>
              <div class="panel__actions">
                <A href={`/mandanten/${props.project.clientId}/anforderungen/neu${query()}`} class="button button--secondary button--small">
                  <PlusIcon />
                  <span>{t('requests.create')}</span>
                </A>
                <A href={`/mandanten/${props.project.clientId}/zustellen${query()}`} class="button button--primary button--small">
                  <DocumentIcon />
                  <span>{t('delivery.open')}</span>
                </A>
              </div>
            </Show>
          </div>
          <DocumentList
            documents={documents()}
            staff={staff()}
            clientName={client()?.name}
            projectNames={{ [props.project.id]: props.project.name }}
            empty={<EmptyState icon={<DocumentIcon />} title={t('documents.emptyProject')} />}
          />
        </section>
      </div>
    </div>
  )
}
