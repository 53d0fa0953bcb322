import { createAsync } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { t, type TranslationKey } from '../../../i18n'
import { formatTime } from '../../../lib/format'
import { getSecurityEvents, type SecurityEvent } from '../queries'

const SHOWN = 8

/** The German (or English) name of an audit action; unknown ones appear as they are. */
function eventLabel(event: SecurityEvent): string {
  const key = `events.actions.${event.action}` as TranslationKey
  const label: unknown = t(key)
  return typeof label === 'string' ? label : event.action
}

/** The account's recent security events, newest first; a few at once, all on request. */
export function SecurityEvents() {
  const events = createAsync(() => getSecurityEvents())
  const [all, setAll] = createSignal(false)
  const shown = () => (all() ? events() : events()?.slice(0, SHOWN)) ?? []

  return (
    <Show when={(events() ?? []).length > 0} fallback={<p class="muted">{t('events.none')}</p>}>
      <ul class="event-list">
        <For each={shown()}>
          {(event) => (
            <li class="event" classList={{ 'event--failed': event.result !== 'ok' }}>
              <time class="event__time" datetime={event.at}>
                {formatTime(event.at)}
              </time>
              <span class="event__action">
                {eventLabel(event)}
                <Show when={event.result !== 'ok'}>
                  <span class="badge badge--danger">{t('events.failed')}</span>
                </Show>
              </span>
              <span class="event__ip">{event.ip ?? ''}</span>
            </li>
          )}
        </For>
      </ul>
      <Show when={!all() && (events() ?? []).length > SHOWN}>
        <button type="button" class="link-button section__action" onClick={() => setAll(true)}>
          {t('events.showAll', { count: events()!.length })}
        </button>
      </Show>
    </Show>
  )
}
