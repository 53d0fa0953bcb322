import { A } from '@solidjs/router'
import { For, Show, type JSX } from 'solid-js'
import { ChatIcon } from '../../../components/object-icons'
import { locale, t } from '../../../i18n'
import { formatTime } from '../../../lib/format'
import type { ConversationRow } from '../queries'
import { StatusChip } from './status-chip'

type ConversationListProps = {
  conversations: ConversationRow[]
  staff: boolean
  label: string
  empty: JSX.Element
}

/**
 * Requests as linked rows: subject (bold while something is unread), category, client (staff),
 * last activity, the read state, the status chip; for staff also who is in charge and since when
 * a client waits.
 */
export function ConversationList(props: ConversationListProps) {
  const category = (row: ConversationRow) => (locale() === 'en' ? row.categoryEn : row.categoryDe)
  return (
    <Show when={props.conversations.length > 0} fallback={props.empty}>
      <ul class="item-list msg-list" aria-label={props.label}>
        <For each={props.conversations}>
          {(row) => (
            <li class="item item--link msg-row" classList={{ 'msg-row--unread': row.unread > 0 }} data-id={row.id}>
              <span class="item__icon msg-icon" aria-hidden="true">
                <ChatIcon />
              </span>
              <div class="item__body">
                <A href={`/nachrichten/${row.id}`} class="item__title item__link">
                  {row.subject}
                </A>
                <p class="item__meta">
                  <Show when={category(row)}>{(name) => <>{name()} · </>}</Show>
                  <Show when={props.staff && row.clientName}>{(name) => <>{name()} · </>}</Show>
                  <Show when={props.staff && row.authorName}>{(name) => <>{t('messages.from', { name: name() })} · </>}</Show>
                  {t('messages.lastActivity', { date: formatTime(row.lastActivityAt, 'dateTime') })}
                  <Show when={props.staff}>
                    {' · '}
                    {row.assigneeName ? t('messages.assignee', { name: row.assigneeName }) : t('messages.unassigned')}
                  </Show>
                </p>
                <Show when={props.staff && row.waitingSince && row.status !== 'done'}>
                  <p class="msg-waiting" aria-label={t('messages.waitingLabel', { time: formatTime(row.waitingSince, 'dateTime') })}>
                    {t('messages.waitingSince', { time: formatTime(row.waitingSince, 'dateTime') })}
                  </p>
                </Show>
              </div>
              <span class="item__chip msg-row__state">
                <Show
                  when={row.unread > 0}
                  fallback={<span class="msg-read" data-read="true">{t('messages.read')}</span>}
                >
                  <span class="badge badge--brass msg-unread" data-read="false">
                    {t('messages.unread', { count: row.unread })}
                  </span>
                </Show>
                <StatusChip status={row.status} staff={props.staff} />
              </span>
            </li>
          )}
        </For>
      </ul>
    </Show>
  )
}
