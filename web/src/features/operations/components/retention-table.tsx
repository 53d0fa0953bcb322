import { For, Show } from 'solid-js'
import { LockIcon } from '../../../components/icons'
import { t } from '../../../i18n'
import { formatTime } from '../../../lib/format'
import { lastRetainedDay, type RetentionEntry } from '../queries'

/** "eingetragen von Lukas Schneider am 03.04.2026" — who recorded the mandate end, and when. */
export function mandateEndRecord(entry: Pick<RetentionEntry, 'mandateEndSetBy' | 'mandateEndSetAt'>): string {
  if (!entry.mandateEndSetAt) return ''
  const date = formatTime(entry.mandateEndSetAt, 'date')
  return entry.mandateEndSetBy ? t('operations.endedBy', { name: entry.mandateEndSetBy, date }) : t('operations.endedAt', { date })
}

type RetentionTableProps = {
  clients: RetentionEntry[]
  caption: string
  onDelete?: (entry: RetentionEntry) => void
}

/** Clients with a mandate end: a table on wide screens, cards on phones (the shared data-table). */
export function RetentionTable(props: RetentionTableProps) {
  return (
    <table class="data-table retention-table">
      <caption class="visually-hidden">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('operations.columns.client')}</th>
          <th scope="col">{t('operations.columns.ended')}</th>
          <th scope="col">{t('operations.columns.due')}</th>
          <th scope="col">{t('operations.columns.documents')}</th>
          <Show when={props.onDelete}>
            <th scope="col">
              <span class="visually-hidden">{t('operations.columns.state')}</span>
            </th>
          </Show>
        </tr>
      </thead>
      <tbody>
        <For each={props.clients}>
          {(entry) => (
            <tr>
              <th scope="row" class="data-table__person">
                <a class="data-table__name" href={`/mandanten/${entry.id}/einstellungen`}>
                  {entry.name}
                </a>
                <span class="data-table__sub">{entry.number}</span>
              </th>
              <td data-label={t('operations.columns.ended')}>
                <span class="data-table__value">{formatTime(`${entry.mandateEndedAt}T12:00:00Z`, 'date')}</span>
                <Show when={mandateEndRecord(entry)}>{(record) => <span class="data-table__sub">{record()}</span>}</Show>
              </td>
              <td data-label={t('operations.columns.due')}>
                <span class="data-table__value">
                  {formatTime(lastRetainedDay(entry.dueAt), 'date')}
                  <Show when={entry.legalHold}>
                    <span class="badge badge--standalone badge--danger retention-table__hold" title={t('operations.legalHoldHint')}>
                      <LockIcon class="icon" />
                      {t('operations.legalHold')}
                    </span>
                  </Show>
                </span>
              </td>
              <td data-label={t('operations.columns.documents')}>{entry.documents}</td>
              <Show when={props.onDelete}>
                <td class="data-table__actions">
                  <Show when={entry.canDelete} fallback={<span class="muted">{entry.legalHold ? '' : t('operations.adminOnly')}</span>}>
                    <button
                      type="button"
                      class="button button--danger button--small"
                      aria-label={`${t('operations.delete')}: ${entry.name}`}
                      onClick={() => props.onDelete?.(entry)}
                    >
                      {t('operations.delete')}
                    </button>
                  </Show>
                </td>
              </Show>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  )
}
