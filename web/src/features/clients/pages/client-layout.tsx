import { A, createAsync, useParams, type RouteSectionProps } from '@solidjs/router'
import { ErrorBoundary, Show, Suspense } from 'solid-js'
import { Alert } from '../../../components/alert'
import { LoadError } from '../../../components/load-error'
import { PageLoading } from '../../../components/page-loading'
import { t } from '../../../i18n'
import { usePageTitleText } from '../../../lib/page-title'
import { ClientContext } from '../client-context'
import { getClient, getPendingMemberships, type Client } from '../queries'
import '../clients.css'

/**
 * /mandanten/:clientId and its tabs: the client's name and number in the head, the tabs the
 * person may use (Übersicht, Team, Projekte; staff also Einstellungen), then the tab itself.
 */
export default function ClientLayout(props: RouteSectionProps) {
  const params = useParams<{ clientId: string }>()
  return (
    <ErrorBoundary
      fallback={(error, reset) => (
        <LoadError
          error={error}
          onRetry={reset}
          notFoundTitle={t('clients.notFound')}
          backHref="/mandanten"
          backLabel={t('clients.toList')}
        />
      )}
    >
      <ClientFrame clientId={params.clientId}>{props.children}</ClientFrame>
    </ErrorBoundary>
  )
}

function ClientFrame(props: { clientId: string; children: RouteSectionProps['children'] }) {
  const client = createAsync(() => getClient(props.clientId))
  // A membership the person has not accepted yet grants nothing: say so instead of empty tabs.
  const pending = createAsync(
    async () =>
      client()?.role ? getPendingMemberships().catch(() => []) : Promise.resolve([]),
    { initialValue: [] },
  )
  const waiting = () => pending().some((membership) => membership.clientId === props.clientId)
  usePageTitleText(() => client()?.name)
  return (
    <Show when={client()}>
      {(current) => (
        <div class="page client-page">
          <header class="page-head page-head--tabs">
            <p class="eyebrow eyebrow--on-dark">
              {t('clients.eyebrowOne', {
                kind: t(`clients.kind.${current().kind}`),
                number: current().number,
              })}
            </p>
            <h1 id="page-title" class="page-head__title">
              {current().name}
            </h1>
            <p class="page-head__lead">
              <ClientLead client={current()} />
            </p>
            <Show when={!waiting()}>
              <ClientTabs client={current()} />
            </Show>
          </header>
          <Show when={!waiting()} fallback={<WaitingNotice client={current()} />}>
            <ClientContext.Provider value={client}>
              <Suspense fallback={<PageLoading />}>{props.children}</Suspense>
            </ClientContext.Provider>
          </Show>
        </div>
      )}
    </Show>
  )
}

/** Members read their own role; staff who look after the client. */
function ClientLead(props: { client: Client }) {
  return (
    <Show
      when={props.client.role}
      fallback={
        <Show when={props.client.staff.length > 0} fallback={t('clients.noStaff')}>
          {t('clients.caredBy', {
            names: props.client.staff.map((person) => person.displayName).join(', '),
          })}
        </Show>
      }
    >
      {(role) => t('clients.yourRole', { role: t(`roles.${role()}`) })}
    </Show>
  )
}

function ClientTabs(props: { client: Client }) {
  const base = () => `/mandanten/${props.client.id}`
  const seesProjects = () =>
    props.client.isStaff || Boolean(props.client.rights?.includes('projects.read'))
  const seesDocuments = () =>
    props.client.isStaff || Boolean(props.client.rights?.includes('documents.read'))
  return (
    <nav class="tabs" aria-label={t('clients.tabs.label')}>
      <A href={base()} end class="tabs__link" activeClass="tabs__link--active">
        {t('clients.tabs.overview')}
      </A>
      <Show when={seesDocuments()}>
        <A href={`${base()}/dokumente`} class="tabs__link" activeClass="tabs__link--active">
          {t('documents.tab')}
        </A>
      </Show>
      <A href={`${base()}/anforderungen`} class="tabs__link" activeClass="tabs__link--active">
        {t('requests.tab')}
      </A>
      <Show when={seesDocuments()}>
        <A href={`${base()}/mappen`} class="tabs__link" activeClass="tabs__link--active">
          {t('folders.tab')}
        </A>
      </Show>
      <A href={`${base()}/team`} class="tabs__link" activeClass="tabs__link--active">
        {t('clients.tabs.team')}
      </A>
      <Show when={seesProjects()}>
        <A href={`${base()}/projekte`} class="tabs__link" activeClass="tabs__link--active">
          {t('clients.tabs.projects')}
        </A>
      </Show>
      <Show when={props.client.isStaff}>
        <A href={`${base()}/einstellungen`} class="tabs__link" activeClass="tabs__link--active">
          {t('clients.tabs.settings')}
        </A>
      </Show>
    </nav>
  )
}

function WaitingNotice(props: { client: Client }) {
  return (
    <section class="panel">
      <Alert tone="info">{t('invitations.waiting', { client: props.client.name })}</Alert>
      <A href="/einladungen" class="button button--primary">
        {t('invitations.cardAction')}
      </A>
    </section>
  )
}
