import { createAsync, useAction } from '@solidjs/router'
import { createEffect, createSignal, Show } from 'solid-js'
import { DownloadIcon } from '../../../components/action-icons'
import { Alert } from '../../../components/alert'
import { DateField } from '../../../components/date-field'
import { t } from '../../../i18n'
import { requestIdText } from '../../../lib/error-message'
import { formatTime } from '../../../lib/format'
import { operationsErrorText } from '../error-text'
import { exportUrl, getClientRetention, lastRetainedDay, setMandateEnd } from '../queries'
import '../operations.css'

/** Today in the firm's time zone (YYYY-MM-DD): the latest mandate end the date picker offers. */
const todayInBerlin = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' })

/**
 * For the client's staff on its settings tab: the day the mandate ended (which starts the
 * retention period, and later the deletion proposal) and the GDPR data export as a ZIP download.
 */
export function ClientDataProtection(props: { clientId: string }) {
  const retention = createAsync(() => getClientRetention(props.clientId))
  const save = useAction(setMandateEnd)
  const [day, setDay] = createSignal<string>()
  const [failure, setFailure] = createSignal<unknown>()
  const [notice, setNotice] = createSignal<string>()
  const [pending, setPending] = createSignal(false)
  createEffect(() => {
    const loaded = retention()
    if (loaded && day() === undefined) setDay(loaded.mandateEndedAt ?? '')
  })

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (pending()) return
    setFailure(undefined)
    setNotice(undefined)
    setPending(true)
    try {
      const value = day()?.trim() || null
      await save({ clientId: props.clientId, mandateEndedAt: value })
      setNotice(t(value ? 'operations.dataProtection.saved' : 'operations.dataProtection.cleared'))
    } catch (thrown) {
      setFailure(thrown)
    } finally {
      setPending(false)
    }
  }

  return (
    <section class="panel data-protection" aria-labelledby="settings-data-protection-title">
      <h2 id="settings-data-protection-title" class="panel__title">
        {t('operations.dataProtection.title')}
      </h2>
      <p class="panel__lead">{t('operations.dataProtection.lead')}</p>
      <form class="form inline-form" novalidate onSubmit={submit}>
        <Show when={failure()}>
          {(failed) => (
            <Alert tone="error" detail={requestIdText(failed())}>
              {operationsErrorText(failed())}
            </Alert>
          )}
        </Show>
        <DateField
          id="mandate-end"
          label={t('operations.dataProtection.mandateEnd')}
          hint={t('operations.dataProtection.mandateEndHint')}
          value={day() ?? ''}
          min={retention()?.clientCreatedOn}
          max={todayInBerlin()}
          onInput={(value) => {
            setDay(value)
            setNotice(undefined)
          }}
        />
        <div class="inline-form__actions">
          <button
            type="submit"
            class="button button--primary"
            classList={{ 'button--pending': pending() }}
            aria-disabled={pending() ? 'true' : undefined}
          >
            <span class="button__spinner" aria-hidden="true" />
            <span>{t('common.save')}</span>
          </button>
          <Show when={notice()}>{(text) => <p class="setting__saved" role="status">{text()}</p>}</Show>
        </div>
      </form>
      <Show when={retention()}>
        {(current) => (
          <p class="muted data-protection__state">
            {current().retentionEndsAt
              ? t('operations.dataProtection.retentionUntil', {
                  date: formatTime(lastRetainedDay(current().retentionEndsAt!), 'date'),
                  years: current().retentionYears,
                })
              : t('operations.dataProtection.running')}
            <Show when={current().mandateEndSetAt}>
              {(at) => (
                <>
                  {' '}
                  {current().mandateEndSetBy
                    ? t('operations.dataProtection.setBy', { name: current().mandateEndSetBy!, date: formatTime(at(), 'date') })
                    : t('operations.dataProtection.setAt', { date: formatTime(at(), 'date') })}
                </>
              )}
            </Show>
          </p>
        )}
      </Show>
      <Show when={retention()?.mayExport}>
        <div class="data-protection__actions">
          <a class="button button--secondary" href={exportUrl(props.clientId)} download="">
            <DownloadIcon class="icon" />
            <span>{t('operations.dataProtection.export')}</span>
          </a>
          <span class="muted">{t('operations.dataProtection.exportHint')}</span>
        </div>
      </Show>
    </section>
  )
}
