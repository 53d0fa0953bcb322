import { A, createAsync, useNavigate, useSearchParams } from '@solidjs/router'
import { createSignal, For, onCleanup, Show, Suspense } from 'solid-js'
import { ArrowRightIcon, PlusIcon } from '../../../components/action-icons'
import { EmptyState } from '../../../components/empty-state'
import { BuildingIcon, LayersIcon, PersonIcon } from '../../../components/object-icons'
import { PageLoading } from '../../../components/page-loading'
import { SearchField } from '../../../components/search-field'
import { t } from '../../../i18n'
import { usePageTitle } from '../../../lib/page-title'
import { useAccount } from '../../auth/account-context'
import { CreateClientDialog } from '../components/create-client-dialog'
import { rememberClient } from '../current-client'
import { getClients, getMyClients, type ClientSummary } from '../queries'
import '../clients.css'

/**
 * /mandanten: staff find a client by name or number and create new ones; client members see the
 * clients they belong to and pick one.
 */
export default function ClientsPage() {
  usePageTitle('clients.title')
  const account = useAccount()
  const navigate = useNavigate()
  const [params, setParams] = useSearchParams<{ q?: string }>()
  const [typed, setTyped] = createSignal(params.q ?? '')
  const [creating, setCreating] = createSignal(false)
  const isStaff = () => account()?.kind === 'staff'
  const clients = createAsync(() =>
    isStaff() ? getClients(params.q?.trim() || undefined) : getMyClients(),
  )

  // The list follows the typing after a short pause, and the address keeps the search.
  let timer: ReturnType<typeof setTimeout> | undefined
  onCleanup(() => clearTimeout(timer))
  const search = (value: string) => {
    setTyped(value)
    clearTimeout(timer)
    timer = setTimeout(() => setParams({ q: value.trim() || undefined }, { replace: true }), 250)
  }

  return (
    <div class="page clients-page">
      <header class="page-head page-head--with-action">
        <div>
          <p class="eyebrow eyebrow--on-dark">
            {isStaff() ? t('clients.eyebrowStaff') : t('clients.eyebrow')}
          </p>
          <h1 id="page-title" class="page-head__title">
            {isStaff() ? t('clients.title') : t('clients.titleMine')}
          </h1>
          <p class="page-head__lead">{isStaff() ? t('clients.lead') : t('clients.leadMine')}</p>
        </div>
        <Show when={isStaff()}>
          <div class="page-head__actions">
            <A href="/verwaltung/gruppen" class="button button--on-dark">
              <LayersIcon />
              <span>{t('groups.title')}</span>
            </A>
            <button type="button" class="button button--brass" onClick={() => setCreating(true)}>
              <PlusIcon />
              <span>{t('clients.create.open')}</span>
            </button>
          </div>
        </Show>
      </header>

      <section class="panel" aria-labelledby="clients-list-title">
        <h2 id="clients-list-title" class="visually-hidden">
          {t('clients.listTitle')}
        </h2>
        <Show when={isStaff()}>
          <SearchField
            id="client-search"
            label={t('clients.search')}
            placeholder={t('clients.searchPlaceholder')}
            value={typed()}
            onInput={search}
          />
        </Show>
        <Suspense fallback={<PageLoading />}>
          <Show
            when={(clients() ?? []).length > 0}
            fallback={
              <EmptyState
                icon={<BuildingIcon />}
                title={
                  params.q
                    ? t('clients.noMatch', { q: params.q })
                    : isStaff()
                      ? t('clients.emptyStaff')
                      : t('clients.emptyMine')
                }
                text={params.q ? t('clients.noMatchText') : undefined}
              />
            }
          >
            <p class="list-count" role="status">
              {t(clients()!.length === 1 ? 'clients.countOne' : 'clients.count', {
                count: clients()!.length,
              })}
            </p>
            <ul class="item-list">
              <For each={clients()}>{(client) => <ClientRow client={client} />}</For>
            </ul>
          </Show>
        </Suspense>
      </section>

      <CreateClientDialog
        open={creating()}
        onClose={() => setCreating(false)}
        onCreated={(id) => {
          setCreating(false)
          navigate(`/mandanten/${id}`)
        }}
      />
    </div>
  )
}

function ClientRow(props: { client: ClientSummary }) {
  return (
    <li class="item item--link">
      <span class="item__icon" aria-hidden="true">
        {props.client.kind === 'person' ? <PersonIcon /> : <BuildingIcon />}
      </span>
      <div class="item__body">
        <A
          href={`/mandanten/${props.client.id}`}
          class="item__title item__link"
          onClick={() => props.client.role && rememberClient(props.client.id)}
        >
          {props.client.name}
        </A>
        <p class="item__meta">
          {t('clients.number', { number: props.client.number })}
          {' · '}
          {t(`clients.kind.${props.client.kind}`)}
          <Show when={props.client.role}>
            {(role) => (
              <>
                {' · '}
                {t('clients.yourRole', { role: t(`roles.${role()}`) })}
              </>
            )}
          </Show>
        </p>
      </div>
      <Show when={props.client.archivedAt}>
        <span class="badge badge--standalone">{t('clients.archived')}</span>
      </Show>
      <ArrowRightIcon class="icon item__chevron" />
    </li>
  )
}
