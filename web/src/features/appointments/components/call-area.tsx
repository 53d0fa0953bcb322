import { createAsync, useNavigate } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { t } from '../../../i18n'
import { appointmentErrorText } from '../errors'
import { getCallSettings, getRunningCalls, startVideoCall } from '../queries'

/**
 * The "join call" area of a video appointment. The call itself is the calls function's (issue 7:
 * the firm's own Jitsi, room JWTs, the call page /anruf/:id): a running call of this appointment
 * is joined, otherwise started; without Jitsi set up, a sentence says so.
 */
export function CallArea(props: { itemId: string }) {
  const navigate = useNavigate()
  const settings = createAsync(() => getCallSettings().catch(() => ({ enabled: false, origin: null })))
  const running = createAsync(() => (settings()?.enabled ? getRunningCalls(props.itemId).catch(() => []) : Promise.resolve([])))
  const [error, setError] = createSignal<string>()
  async function join() {
    try {
      const call = running()?.[0] ?? (await startVideoCall(props.itemId))
      navigate(`/anruf/${call.id}`)
    } catch (err) {
      setError(appointmentErrorText(err))
    }
  }
  return (
    <section class="panel call-area" aria-labelledby="call-title">
      <h2 id="call-title" class="panel__title">
        {t('appointments.detail.call')}
      </h2>
      <Show when={settings()?.enabled} fallback={<p class="muted">{t('appointments.detail.callOff')}</p>}>
        <p>{t('appointments.detail.callText')}</p>
        <Show when={error()}>{(e) => <Alert tone="error">{e()}</Alert>}</Show>
        <button type="button" class="button button--primary" onClick={() => void join()}>
          {running()?.length ? t('appointments.detail.callJoin') : t('appointments.detail.callStart')}
        </button>
      </Show>
    </section>
  )
}
