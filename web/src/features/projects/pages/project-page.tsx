import { A, createAsync, useParams } from '@solidjs/router'
import { ErrorBoundary, Show } from 'solid-js'
import { PlusIcon } from '../../../components/action-icons'
import { EmptyState } from '../../../components/empty-state'
import { LoadError } from '../../../components/load-error'
import { DocumentIcon, PageIcon } from '../../../components/object-icons'
import { t } from '../../../i18n'
import { usePageTitleText } from '../../../lib/page-title'
import { useAccount } from '../../auth/account-context'
import { UploadLinkButton } from '../../shares/components/upload-link-dialog'
import { getClient } from '../../clients/queries'
import { ItemList } from '../../items/components/item-list'
import { Participants } from '../components/participants'
import { ProjectStatusBadge } from '../components/project-status-badge'
import { StatusControl } from '../components/status-control'
import { getProject, type ProjectDetail } from '../queries'
import '../projects.css'

/**
 * /projekte/:projectId: the project with its items and who takes part. Staff change its status
 * and add people; a client's managers add their own people (and outside participants where staff
 * allow it); outside participants see only the name and what is addressed to them.
 */
export default function ProjectPage() {
  const params = useParams<{ projectId: string }>()
  return (
    <ErrorBoundary
      fallback={(error, reset) => (
        <LoadError error={error} onRetry={reset} notFoundTitle={t('projects.notFound')} />
      )}
    >
      <ProjectView projectId={params.projectId} />
    </ErrorBoundary>
  )
}

function ProjectView(props: { projectId: string }) {
  const account = useAccount()
  const project = createAsync(() => getProject(props.projectId))
  usePageTitleText(() => project()?.name)
  return (
    <Show when={project()}>
      {(current) => <Project project={current()} external={account()?.kind === 'external'} />}
    </Show>
  )
}

function Project(props: { project: ProjectDetail; external: boolean }) {
  // Outside participants may not read the client; everyone else sees its name and their rights.
  const client = createAsync(async () =>
    props.external ? undefined : getClient(props.project.clientId).catch(() => undefined),
  )
  const newPageHref = () =>
    `/mandanten/${props.project.clientId}/infoseiten/neu?projekt=${props.project.id}`
  return (
    <div class="page project-page">
      <header class="page-head">
        <p class="eyebrow eyebrow--on-dark">
          {t('projects.eyebrow', { type: t(`projects.type.${props.project.type}`) })}
        </p>
        <h1 id="page-title" class="page-head__title">
          {props.project.name}
        </h1>
        <p class="page-head__lead project-page__lead">
          <ProjectStatusBadge status={props.project.status} />
          <Show when={client()}>
            {(owner) => (
              <span>
                {t('projects.ofClient')}{' '}
                <A href={`/mandanten/${owner().id}/projekte`} class="page-head__link">
                  {owner().name}
                </A>
              </span>
            )}
          </Show>
        </p>
        <Show when={client()?.isStaff}>
          <div class="share-mount">
            <UploadLinkButton clientId={props.project.clientId} projectId={props.project.id} onDark />
          </div>
        </Show>
      </header>
      <div class="project-page__grid">
        <div class="project-page__main">
          <section class="panel" aria-labelledby="project-items-title">
            <div class="panel__head">
              <h2 id="project-items-title" class="panel__title">
                {props.external ? t('projects.itemsForYou') : t('projects.items')}
              </h2>
              <div class="panel__actions">
                <A href={`/projekte/${props.project.id}/dokumente`} class="button button--secondary button--small">
                  <DocumentIcon />
                  <span>{t('documents.title')}</span>
                </A>
                <Show when={client()?.isStaff}>
                  <A href={newPageHref()} class="button button--secondary button--small">
                    <PlusIcon />
                    <span>{t('infoPages.write')}</span>
                  </A>
                </Show>
              </div>
            </div>
            <ItemList
              scope={{ projectId: props.project.id }}
              clientName={client()?.name}
              projectNames={{ [props.project.id]: props.project.name }}
              label={t('projects.items')}
              empty={
                <EmptyState
                  icon={<PageIcon />}
                  title={props.external ? t('projects.noItemsForYou') : t('projects.noItems')}
                  text={props.external ? t('projects.noItemsForYouText') : undefined}
                />
              }
            />
          </section>
          <Show when={!props.external}>
            <section class="panel" aria-labelledby="participants-title">
              <h2 id="participants-title" class="panel__title">
                {t('participants.title')}
              </h2>
              <Participants project={props.project} client={client()} />
            </section>
          </Show>
        </div>
        <div class="project-page__side">
          <Show when={props.project.description}>
            <section class="panel" aria-labelledby="project-about-title">
              <h2 id="project-about-title" class="panel__title">
                {t('projects.about')}
              </h2>
              <p class="project-page__description">{props.project.description}</p>
            </section>
          </Show>
          <Show when={client()?.isStaff}>
            <section class="panel" aria-labelledby="project-status-title">
              <h2 id="project-status-title" class="panel__title">
                {t('projects.statusTitle')}
              </h2>
              <StatusControl project={props.project} />
            </section>
          </Show>
        </div>
      </div>
    </div>
  )
}
