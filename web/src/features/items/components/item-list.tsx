import { A, createAsync } from '@solidjs/router'
import { createEffect, createSignal, For, on, Show, Suspense, type JSX } from 'solid-js'
import { createStore } from 'solid-js/store'
import { Alert } from '../../../components/alert'
import { AudienceChip, type AudienceView } from '../../../components/audience-chip'
import { t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import { formatTime } from '../../../lib/format'
import { getItem, getItems, type ItemRow, type ItemScope } from '../queries'
import { ItemIcon } from './item-icon'

type ItemListProps = {
  scope: ItemScope
  /** For "Alle bei …" on the chips. */
  clientName?: string
  /** Project names by id, for "Projekt: …" without loading every item. */
  projectNames?: Record<string, string>
  /** Which items this list shows (e.g. only info pages). */
  filter?: (item: ItemRow) => boolean
  empty: JSX.Element
  label: string
}

/**
 * Items of a client or project, newest first, each with what it is, when it came and who can see
 * it; more pages on request. Only the items the server lets the person see arrive at all.
 */
export function ItemList(props: ItemListProps) {
  const first = createAsync(() => getItems(props.scope))
  // Pages loaded with "Weitere laden"; next undefined = take the first page's cursor.
  const [extra, setExtra] = createStore<{ items: ItemRow[]; next?: string | null }>({ items: [] })
  const [loading, setLoading] = createSignal(false)
  const [failure, setFailure] = createSignal<ApiError>()
  // A fresh first page (after a change) starts the list over.
  createEffect(on(first, () => setExtra({ items: [], next: undefined }), { defer: true }))

  const shown = () =>
    [...(first()?.items ?? []), ...extra.items].filter((item) => props.filter?.(item) ?? true)
  const next = () => (extra.next === undefined ? first()?.next : extra.next)

  async function loadMore() {
    const after = next()
    if (!after || loading()) return
    setLoading(true)
    setFailure(undefined)
    try {
      const page = await getItems(props.scope, after)
      setExtra({ items: [...extra.items, ...page.items], next: page.next })
    } catch (thrown) {
      setFailure(toApiError(thrown))
    } finally {
      setLoading(false)
    }
  }

  return (
    <>
      <Show when={shown().length > 0} fallback={props.empty}>
        <ul class="item-list" aria-label={props.label}>
          <For each={shown()}>
            {(item) => (
              <ItemEntry
                item={item}
                clientName={props.clientName}
                projectName={item.projectId ? props.projectNames?.[item.projectId] : undefined}
              />
            )}
          </For>
        </ul>
      </Show>
      <Show when={failure()}>
        {(error) => (
          <Alert tone="error" detail={requestIdText(error())}>
            {genericErrorText(error())}
          </Alert>
        )}
      </Show>
      <Show when={next()}>
        <button
          type="button"
          class="button button--secondary"
          classList={{ 'button--pending': loading() }}
          aria-disabled={loading() ? 'true' : undefined}
          onClick={() => void loadMore()}
        >
          <span class="button__spinner" aria-hidden="true" />
          <span>{t('items.more')}</span>
        </button>
      </Show>
    </>
  )
}

/** Where an item of a kind has its own page (others are shown without a link for now). */
const ITEM_PAGES: Partial<Record<ItemRow['kind'], string>> = {
  info_page: '/infoseiten',
  document_group: '/mappen',
  appointment: '/termine',
}

type ItemEntryProps = { item: ItemRow; clientName?: string; projectName?: string }

function ItemEntry(props: ItemEntryProps) {
  const basic = (): AudienceView => ({
    kind: props.item.audience,
    clientName: props.clientName,
    projectName: props.projectName,
  })
  return (
    <li class="item item--link">
      <span class="item__icon" aria-hidden="true">
        <ItemIcon kind={props.item.kind} />
      </span>
      <div class="item__body">
        <Show
          when={ITEM_PAGES[props.item.kind]}
          fallback={<p class="item__title">{props.item.title}</p>}
        >
          {(page) => (
            <A href={`${page()}/${props.item.id}`} class="item__title item__link">
              {props.item.title}
            </A>
          )}
        </Show>
        <p class="item__meta">
          {t(`items.kind.${props.item.kind}`)}
          {' · '}
          {formatTime(props.item.createdAt, 'date')}
        </p>
      </div>
      <span class="item__chip">
        <Show
          when={['people', 'group'].includes(props.item.audience)}
          fallback={<AudienceChip audience={basic()} />}
        >
          <Suspense fallback={<AudienceChip audience={basic()} />}>
            <NamedAudience itemId={props.item.id} basic={basic()} />
          </Suspense>
        </Show>
      </span>
    </li>
  )
}

/** Named people and groups need the item itself for their names. */
function NamedAudience(props: { itemId: string; basic: AudienceView }) {
  const item = createAsync(() => getItem(props.itemId).catch(() => undefined))
  return (
    <AudienceChip
      audience={{
        ...props.basic,
        recipients: item()?.audience.recipients,
        groupName: item()?.audience.groupName,
        projectName: props.basic.projectName ?? item()?.audience.projectName,
      }}
    />
  )
}
