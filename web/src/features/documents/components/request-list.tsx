import { A } from '@solidjs/router'
import { For, Show } from 'solid-js'
import { t } from '../../../i18n'
import { formatTime } from '../../../lib/format'
import type { DocumentRequest } from '../queries'
import { formatTypes } from '../upload/file-check'
import { RequestStatusChip } from './request-status'

/** Whether a due date has passed while the request still waits for files. */
export const isOverdue = (request: DocumentRequest, now = Date.now()) =>
  Boolean(request.dueAt) && (request.status === 'open' || request.status === 'returned') && new Date(request.dueAt!).getTime() < now

/**
 * Document requests with their state: title (to the request), due date, accepted types, how
 * many files came, and the reason when the firm returned them.
 */
export function RequestList(props: { requests: DocumentRequest[]; label: string }) {
  return (
    <ul class="item-list request-list" aria-label={props.label}>
      <For each={props.requests}>
        {(request) => (
          <li class="item item--link request-row" classList={{ 'item--highlight': request.status === 'returned' }}>
            <div class="item__body">
              <p class="request-row__head">
                <A href={`/anforderungen/${request.id}`} class="item__title item__link">
                  {request.title}
                </A>
              </p>
              <p class="item__meta">
                <Show when={request.dueAt} fallback={t('requests.noDue')}>
                  <span classList={{ 'request-row__overdue': isOverdue(request) }}>
                    {t(isOverdue(request) ? 'requests.overdue' : 'requests.due', { date: formatTime(request.dueAt, 'date') })}
                  </span>
                </Show>
                <Show when={request.allowedTypes}>
                  {(types) => <> · {formatTypes(types())}</>}
                </Show>
                <Show when={request.submitted > 0}>
                  {' · '}
                  {request.submitted === 1 ? t('requests.filesOne') : t('requests.files', { count: request.submitted })}
                </Show>
              </p>
              <Show when={request.status === 'returned' && request.statusReason}>
                <p class="request-row__reason">
                  <span class="request-row__reason-label">{t('requests.reasonLabel')}</span> {request.statusReason}
                </p>
              </Show>
            </div>
            <RequestStatusChip status={request.status} />
          </li>
        )}
      </For>
    </ul>
  )
}
