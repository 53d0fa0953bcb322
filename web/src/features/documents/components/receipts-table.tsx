import { useAction } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import { formatTime } from '../../../lib/format'
import { remindRecipients, type Receipt } from '../queries'

type ReceiptsProps = { itemId: string; receipts: Receipt[]; requiresConfirmation: boolean }

function When(props: { at: string | null; missing: string }) {
  return (
    <Show when={props.at} fallback={<span class="status status--muted">{props.missing}</span>}>
      {(at) => <span class="status status--ok">{formatTime(at(), 'dateTime')}</span>}
    </Show>
  )
}

/**
 * Proof of receipt for staff: per recipient the first view, first download and confirmation —
 * and who has not opened the document yet, with a reminder for those who have not downloaded it.
 */
export function ReceiptsTable(props: ReceiptsProps) {
  const remind = useAction(remindRecipients)
  const [pending, setPending] = createSignal(false)
  const [result, setResult] = createSignal<number>()
  const [failure, setFailure] = createSignal<ApiError>()
  const unopened = () => props.receipts.filter((r) => !r.firstViewedAt && !r.firstDownloadedAt)
  const notDownloaded = () => props.receipts.filter((r) => !r.firstDownloadedAt).length

  async function send() {
    if (pending()) return
    setPending(true)
    setFailure(undefined)
    setResult(undefined)
    try {
      setResult((await remind(props.itemId)).reminded)
    } catch (thrown) {
      setFailure(toApiError(thrown))
    } finally {
      setPending(false)
    }
  }

  return (
    <div class="receipts">
      <div class="receipts__summary">
        <p>
          <Show when={props.receipts.length > 0} fallback={t('receipts.nobody')}>
            {t('receipts.summary', { opened: props.receipts.length - unopened().length, count: props.receipts.length })}
            <Show when={unopened().length > 0}>
              {' '}
              <span class="receipts__missing">
                {t('receipts.notYet', { names: unopened().map((r) => r.displayName ?? t('receipts.unnamed')).join(', ') })}
              </span>
            </Show>
          </Show>
        </p>
        <Show when={notDownloaded() > 0}>
          <button
            type="button"
            class="button button--secondary button--small"
            classList={{ 'button--pending': pending() }}
            aria-disabled={pending() ? 'true' : undefined}
            onClick={() => void send()}
          >
            <span class="button__spinner" aria-hidden="true" />
            <span>{t('receipts.remind')}</span>
          </button>
        </Show>
      </div>
      <Show when={result() !== undefined}>
        <Alert tone="success">
          {result() === 1 ? t('receipts.remindedOne') : t('receipts.reminded', { count: result()! })}
        </Alert>
      </Show>
      <Show when={failure()}>
        {(f) => (
          <Alert tone="error" detail={requestIdText(f())}>
            {genericErrorText(f())}
          </Alert>
        )}
      </Show>
      <Show when={props.receipts.length > 0}>
        <table class="data-table receipts__table">
          <caption class="visually-hidden">{t('receipts.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('receipts.person')}</th>
              <th scope="col">{t('receipts.viewed')}</th>
              <th scope="col">{t('receipts.downloaded')}</th>
              <Show when={props.requiresConfirmation}>
                <th scope="col">{t('receipts.confirmed')}</th>
              </Show>
            </tr>
          </thead>
          <tbody>
            <For each={props.receipts}>
              {(receipt) => (
                <tr classList={{ 'data-table__row--muted': !receipt.firstViewedAt && !receipt.firstDownloadedAt }}>
                  <th scope="row" class="data-table__person">
                    <span class="data-table__name">{receipt.displayName ?? t('receipts.unnamed')}</span>
                  </th>
                  <td data-label={t('receipts.viewed')}>
                    <When at={receipt.firstViewedAt} missing={t('receipts.notOpened')} />
                  </td>
                  <td data-label={t('receipts.downloaded')}>
                    <When at={receipt.firstDownloadedAt} missing={t('receipts.notDownloaded')} />
                  </td>
                  <Show when={props.requiresConfirmation}>
                    <td data-label={t('receipts.confirmed')}>
                      <When at={receipt.confirmedAt} missing={t('receipts.notConfirmed')} />
                    </td>
                  </Show>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
    </div>
  )
}
