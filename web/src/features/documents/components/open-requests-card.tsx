import { A, createAsync } from '@solidjs/router'
import { For, Show } from 'solid-js'
import { ArrowRightIcon } from '../../../components/action-icons'
import { DocumentIcon } from '../../../components/object-icons'
import { t } from '../../../i18n'
import { formatTime } from '../../../lib/format'
import { getMyClients } from '../../clients/queries'
import { getDocuments, getRequests, type DocumentRequest } from '../queries'
import { isOverdue } from './request-list'
import '../documents.css'

type Open = DocumentRequest & { clientId: string }

/**
 * The home page card of client members: what the firm asks them for (open and returned requests,
 * most urgent first) and how many new documents from the firm they have not opened yet.
 */
export function OpenRequestsCard() {
  const clients = createAsync(() => getMyClients().catch(() => []), { initialValue: [] })
  const open = createAsync(
    async () => {
      const lists = await Promise.all(
        clients().map(async (client) =>
          (await getRequests(client.id).catch(() => []))
            .filter((r) => r.status === 'open' || r.status === 'returned')
            .map((r): Open => ({ ...r, clientId: client.id })),
        ),
      )
      return lists.flat().sort((a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999'))
    },
    { initialValue: [] },
  )
  const unread = createAsync(
    async () => {
      const lists = await Promise.all(
        clients()
          .filter((client) => client.rights?.includes('documents.read'))
          .map((client) => getDocuments({ clientId: client.id }).catch(() => [])),
      )
      return lists.flat().filter((doc) => doc.fromFirm && !doc.myOpenedAt && !doc.deleted).length
    },
    { initialValue: 0 },
  )
  const first = () => clients()[0]
  return (
    <Show when={open().length > 0 || unread() > 0}>
      <article class="card card--highlight requests-card">
        <DocumentIcon class="icon card__icon" />
        <h2 class="card__title">
          {open().length > 0 ? t('requests.cardTitle') : t('documents.cardTitle')}
        </h2>
        <Show when={open().length > 0}>
          <ul class="requests-card__list">
            <For each={open().slice(0, 4)}>
              {(request) => (
                <li>
                  <A href={`/anforderungen/${request.id}`} class="requests-card__link">
                    {request.title}
                  </A>
                  <span class="requests-card__meta" classList={{ 'request-row__overdue': isOverdue(request) }}>
                    {request.status === 'returned'
                      ? t('requests.status.returned')
                      : request.dueAt
                        ? t(isOverdue(request) ? 'requests.overdue' : 'requests.due', { date: formatTime(request.dueAt, 'date') })
                        : t('requests.status.open')}
                  </span>
                </li>
              )}
            </For>
          </ul>
        </Show>
        <Show when={unread() > 0}>
          <p class="card__text">{unread() === 1 ? t('documents.unreadOne') : t('documents.unread', { count: unread() })}</p>
        </Show>
        <Show when={first()}>
          {(client) => (
            <A href={`/mandanten/${client().id}/dokumente`} class="card__link">
              <span>{t('documents.toDocuments')}</span>
              <ArrowRightIcon />
            </A>
          )}
        </Show>
      </article>
    </Show>
  )
}
