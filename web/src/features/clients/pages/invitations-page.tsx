import { A, createAsync, useAction } from '@solidjs/router'
import { createSignal, For, Show, Suspense } from 'solid-js'
import { ArrowRightIcon } from '../../../components/action-icons'
import { Alert } from '../../../components/alert'
import { EmptyState } from '../../../components/empty-state'
import { BuildingIcon, MailIcon } from '../../../components/object-icons'
import { PageLoading } from '../../../components/page-loading'
import { t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import { formatTime } from '../../../lib/format'
import { usePageTitle } from '../../../lib/page-title'
import { rememberClient } from '../current-client'
import { acceptMembership, getPendingMemberships, type PendingMembership } from '../queries'
import '../clients.css'

/**
 * /einladungen (the link in the "access to a client" mail): memberships a client's manager added
 * the person to. Nothing is granted until the person accepts here; ignoring one changes nothing.
 */
export default function InvitationsPage() {
  usePageTitle('invitations.title')
  const pending = createAsync(() => getPendingMemberships())
  const [accepted, setAccepted] = createSignal<PendingMembership[]>([])
  return (
    <div class="page invitations-page">
      <header class="page-head">
        <p class="eyebrow eyebrow--on-dark">{t('invitations.eyebrow')}</p>
        <h1 id="page-title" class="page-head__title">
          {t('invitations.title')}
        </h1>
        <p class="page-head__lead">{t('invitations.lead')}</p>
      </header>
      <section class="panel" aria-labelledby="invitations-list-title">
        <h2 id="invitations-list-title" class="visually-hidden">
          {t('invitations.title')}
        </h2>
        <For each={accepted()}>
          {(membership) => (
            <Alert tone="success">
              {t('invitations.done', { client: membership.clientName })}{' '}
              <A href={`/mandanten/${membership.clientId}`}>
                {t('invitations.open', { client: membership.clientName })}
              </A>
            </Alert>
          )}
        </For>
        <Suspense fallback={<PageLoading />}>
          <Show
            when={(pending() ?? []).length > 0}
            fallback={
              <EmptyState
                icon={<MailIcon />}
                title={t('invitations.empty')}
                text={t('invitations.emptyText')}
              >
                <A href="/" class="button button--secondary empty__action">
                  {t('common.toStart')}
                </A>
              </EmptyState>
            }
          >
            <ul class="item-list">
              <For each={pending()}>
                {(membership) => (
                  <PendingRow
                    membership={membership}
                    onAccepted={() => setAccepted([...accepted(), membership])}
                  />
                )}
              </For>
            </ul>
          </Show>
        </Suspense>
      </section>
    </div>
  )
}

function PendingRow(props: { membership: PendingMembership; onAccepted: () => void }) {
  const accept = useAction(acceptMembership)
  const [pending, setPending] = createSignal(false)
  const [failure, setFailure] = createSignal<ApiError>()

  async function run() {
    if (pending()) return
    setPending(true)
    setFailure(undefined)
    try {
      await accept(props.membership.id)
      rememberClient(props.membership.clientId)
      props.onAccepted()
    } catch (thrown) {
      setFailure(toApiError(thrown))
    } finally {
      setPending(false)
    }
  }

  return (
    <li class="item invitation">
      <span class="item__icon" aria-hidden="true">
        <BuildingIcon />
      </span>
      <div class="item__body">
        <p class="item__title">{props.membership.clientName}</p>
        <p class="item__meta">
          {t('invitations.meta', {
            role: t(`roles.${props.membership.role}`),
            date: formatTime(props.membership.createdAt, 'date'),
          })}
        </p>
        <Show when={failure()}>
          {(error) => (
            <Alert tone="error" detail={requestIdText(error())}>
              {error().code === 'not_found' ? t('invitations.gone') : genericErrorText(error())}
            </Alert>
          )}
        </Show>
      </div>
      <button
        type="button"
        class="button button--primary button--small"
        classList={{ 'button--pending': pending() }}
        aria-disabled={pending() ? 'true' : undefined}
        aria-label={t('invitations.acceptLabel', { client: props.membership.clientName })}
        onClick={() => void run()}
      >
        <span class="button__spinner" aria-hidden="true" />
        <span>{t('invitations.accept')}</span>
        <ArrowRightIcon />
      </button>
    </li>
  )
}
