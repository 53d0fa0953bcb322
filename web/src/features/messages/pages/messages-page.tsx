import { A, createAsync } from '@solidjs/router'
import { createEffect, createSignal, ErrorBoundary, on, Show } from 'solid-js'
import { createStore } from 'solid-js/store'
import { EmptyState } from '../../../components/empty-state'
import { ChatIcon } from '../../../components/object-icons'
import { LoadError } from '../../../components/load-error'
import { SearchField } from '../../../components/search-field'
import { SelectField } from '../../../components/select-field'
import { locale, t } from '../../../i18n'
import { usePageTitle } from '../../../lib/page-title'
import { useAccount } from '../../auth/account-context'
import { getClients } from '../../clients/queries'
import { ConversationList } from '../components/conversation-list'
import { NotificationPreferences } from '../components/notification-preferences'
import { getCategories, getConversations, STATUSES, type ConversationRow, type ListFilters } from '../queries'
import '../messages.css'

/**
 * /nachrichten: for client users their requests (read state, status) and "Neue Anfrage"; for
 * staff the inbox with filters (status, assignee, client, category), search and waiting since.
 * Pages load by keyset ("Weitere laden").
 */
export default function MessagesPage() {
  const account = useAccount()
  const staff = () => account()?.kind === 'staff'
  usePageTitle('messages.nav')
  return (
    <div class="page messages-page">
      <header class="page-head page-head--with-action">
        <div>
          <p class="eyebrow eyebrow--on-dark">{t('messages.eyebrow')}</p>
          <h1 id="page-title" class="page-head__title">
            {staff() ? t('messages.inboxTitle') : t('messages.title')}
          </h1>
          <p class="page-head__lead">{staff() ? t('messages.inboxLead') : t('messages.lead')}</p>
        </div>
        <Show when={account()?.kind === 'client' || staff()}>
          <div class="page-head__actions">
            <A href="/nachrichten/neu" class="button button--brass">
              {staff() ? t('messages.newToClient') : t('messages.newRequest')}
            </A>
          </div>
        </Show>
      </header>
      <div class="stack">
        <ErrorBoundary fallback={(error, reset) => <LoadError error={error} onRetry={reset} notFoundTitle={t('messages.thread.notFound')} />}>
          <Inbox staff={staff()} canStart={account()?.kind === 'client'} />
        </ErrorBoundary>
        <NotificationPreferences />
      </div>
    </div>
  )
}

function Inbox(props: { staff: boolean; canStart: boolean }) {
  const [filters, setFilters] = createStore<ListFilters>(props.staff ? { open: 'true' } : {})
  const [search, setSearch] = createSignal('')
  const [more, setMore] = createSignal<ConversationRow[]>([])
  const [next, setNext] = createSignal<string | null>(null)
  const [loadingMore, setLoadingMore] = createSignal(false)
  const query = () => ({ ...filters, q: search().trim() || undefined })
  const first = createAsync(() => getConversations(query()))
  const categories = createAsync(() => getCategories(), { initialValue: [] })
  const clients = createAsync(async () => (props.staff ? getClients() : []), { initialValue: [] })
  createEffect(on(first, (page) => {
    setMore([])
    setNext(page?.next ?? null)
  }))
  const loadMore = async () => {
    if (!next() || loadingMore()) return
    setLoadingMore(true)
    try {
      const page = await getConversations({ ...query(), cursor: next()! })
      setMore([...more(), ...page.items])
      setNext(page.next)
    } finally {
      setLoadingMore(false)
    }
  }
  const categoryName = (c: { nameDe: string; nameEn: string }) => (locale() === 'en' ? c.nameEn : c.nameDe)
  const filtered = () => Boolean(search().trim() || filters.status || filters.assignee || filters.clientId || filters.categoryId)

  return (
    <section class="panel" aria-labelledby="page-title">
      <div class="msg-filters" role="group" aria-label={t('messages.filters.label')}>
        <SearchField id="msg-search" label={t('messages.filters.search')} placeholder={t('messages.filters.searchPlaceholder')} value={search()} onInput={setSearch} />
        <Show when={props.staff}>
          <SelectField
            id="msg-filter-status"
            label={t('messages.filters.status')}
            value={filters.status ?? (filters.open ? 'open' : '')}
            options={[
              { value: 'open', label: t('messages.filters.statusOpen') },
              { value: '', label: t('messages.filters.statusAll') },
              ...STATUSES.map((s) => ({ value: s, label: t(`messages.statusStaff.${s}`) })),
            ]}
            onChange={(value) =>
              setFilters({ open: value === 'open' ? 'true' : undefined, status: value && value !== 'open' ? (value as ListFilters['status']) : undefined })
            }
          />
          <SelectField
            id="msg-filter-assignee"
            label={t('messages.filters.assignee')}
            value={filters.assignee ?? ''}
            options={[
              { value: '', label: t('messages.filters.assigneeAll') },
              { value: 'me', label: t('messages.filters.assigneeMe') },
              { value: 'none', label: t('messages.filters.assigneeNone') },
            ]}
            onChange={(value) => setFilters('assignee', value || undefined)}
          />
          <SelectField
            id="msg-filter-client"
            label={t('messages.filters.client')}
            value={filters.clientId ?? ''}
            options={[{ value: '', label: t('messages.filters.clientAll') }, ...clients().map((c) => ({ value: c.id, label: c.name }))]}
            onChange={(value) => setFilters('clientId', value || undefined)}
          />
          <SelectField
            id="msg-filter-category"
            label={t('messages.filters.category')}
            value={filters.categoryId ?? ''}
            options={[{ value: '', label: t('messages.filters.categoryAll') }, ...categories().map((c) => ({ value: c.id, label: categoryName(c) }))]}
            onChange={(value) => setFilters('categoryId', value || undefined)}
          />
        </Show>
      </div>
      <Show when={first()}>
        {(page) => (
          <ConversationList
            conversations={[...page().items, ...more()]}
            staff={props.staff}
            label={t('messages.listLabel')}
            empty={
              <EmptyState icon={<ChatIcon />} title={filtered() ? t('messages.emptyFiltered') : t('messages.empty')} text={filtered() ? undefined : props.staff ? t('messages.emptyTextStaff') : t('messages.emptyText')}>
                <Show when={props.canStart && !filtered()}>
                  <A href="/nachrichten/neu" class="button button--primary empty__action">
                    {t('messages.newRequest')}
                  </A>
                </Show>
              </EmptyState>
            }
          />
        )}
      </Show>
      <Show when={next()}>
        <div class="msg-more">
          <button type="button" class="button button--secondary" classList={{ 'button--pending': loadingMore() }} onClick={() => void loadMore()}>
            <span class="button__spinner" aria-hidden="true" />
            <span>{t('messages.more')}</span>
          </button>
        </div>
      </Show>
    </section>
  )
}
