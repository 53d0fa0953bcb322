import { createAsync, useAction, useSubmission } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { MonitorIcon, PhoneIcon } from '../../../components/object-icons'
import { t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import { formatTime } from '../../../lib/format'
import { endOtherSessions, endSession, getSessions, type Session } from '../queries'
import { parseUserAgent } from '../user-agent'

/** "Chrome unter Windows", "Safari", "Unbekanntes Gerät". */
function deviceName(session: Session): string {
  const device = parseUserAgent(session.userAgent)
  if (device.browser && device.os) return t('sessions.device', device as Required<typeof device>)
  return device.browser ?? device.os ?? t('sessions.unknownDevice')
}

/** Where the account is signed in, with "sign out everywhere else" and ending single sessions. */
export function SessionList() {
  // This device first, then the others by last activity (as the server sorts them).
  const sessions = createAsync(() =>
    getSessions().then((list) => [...list].sort((a, b) => Number(b.current) - Number(a.current))),
  )
  const endOthers = useAction(endOtherSessions)
  const endOne = useAction(endSession)
  const endingOthers = useSubmission(endOtherSessions)
  const [result, setResult] = createSignal<() => string>()
  const [failure, setFailure] = createSignal<ApiError>()
  const others = () => (sessions() ?? []).filter((session) => !session.current).length

  async function run(work: () => Promise<{ ended: number }>) {
    setFailure(undefined)
    setResult(undefined)
    try {
      const { ended } = await work()
      setResult(() => () =>
        ended === 1 ? t('sessions.endedOne') : t('sessions.ended', { count: ended }),
      )
    } catch (thrown) {
      setFailure(toApiError(thrown))
    }
  }

  return (
    <>
      <Show when={result()}>{(text) => <Alert tone="success">{text()()}</Alert>}</Show>
      <Show when={failure()}>
        {(error) => (
          <Alert tone="error" detail={requestIdText(error())}>
            {genericErrorText(error())}
          </Alert>
        )}
      </Show>
      <ul class="item-list">
        <For each={sessions()}>
          {(session) => (
            <li class="item" classList={{ 'item--highlight': session.current }}>
              <span class="item__icon" aria-hidden="true">
                {parseUserAgent(session.userAgent).mobile ? <PhoneIcon /> : <MonitorIcon />}
              </span>
              <div class="item__body">
                <p class="item__title">
                  {deviceName(session)}
                  <Show when={session.current}>
                    <span class="badge badge--success">{t('sessions.current')}</span>
                  </Show>
                </p>
                <p class="item__meta">
                  <Show when={session.ip}>
                    {t('sessions.ip', { ip: session.ip! })}
                    {' · '}
                  </Show>
                  {t('sessions.lastSeen', { date: formatTime(session.lastSeenAt, 'short') })}
                  {' · '}
                  {t('sessions.since', { date: formatTime(session.createdAt, 'short') })}
                </p>
              </div>
              <Show when={!session.current}>
                <button
                  type="button"
                  class="button button--secondary button--small"
                  aria-label={t('sessions.endLabel', { device: deviceName(session) })}
                  onClick={() => void run(() => endOne(session.id))}
                >
                  {t('sessions.end')}
                </button>
              </Show>
            </li>
          )}
        </For>
      </ul>
      <Show when={others() > 0}>
        <button
          type="button"
          class="button button--secondary section__action"
          aria-disabled={endingOthers.pending ? 'true' : undefined}
          onClick={() => void run(() => endOthers())}
        >
          {t('sessions.endOthers')}
        </button>
      </Show>
    </>
  )
}
