import { createAsync, useAction } from '@solidjs/router'
import { createEffect, createSignal, For, Show } from 'solid-js'
import { t } from '../../../i18n'
import { chatError, textOf } from '../texts'
import { toApiError } from '../../../lib/api'
import { usePageTitle } from '../../../lib/page-title'
import { getOfficeHours, saveOfficeHours, type OfficeHoursSpan } from '../queries'
import '../chat.css'

type Day = { weekday: number; open: boolean; opensAt: string; closesAt: string }

/** /verwaltung/sprechzeiten (admins): one span per weekday, Europe/Berlin time. */
export default function OfficeHoursPage() {
  usePageTitle('chat.hours.title')
  const spans = createAsync(() => getOfficeHours())
  const save = useAction(saveOfficeHours)
  const [days, setDays] = createSignal<Day[]>([])
  const [message, setMessage] = createSignal<{ ok: boolean; text: string }>()
  createEffect(() => {
    const current = spans()
    if (!current) return
    setDays([1, 2, 3, 4, 5, 6, 7].map((weekday) => {
      const span = current.find((s) => s.weekday === weekday)
      return { weekday, open: Boolean(span), opensAt: span?.opensAt ?? '09:00', closesAt: span?.closesAt ?? '17:00' }
    }))
  })
  const change = (weekday: number, patch: Partial<Day>) => setDays((list) => list.map((d) => (d.weekday === weekday ? { ...d, ...patch } : d)))
  const submit = async (event: SubmitEvent) => {
    event.preventDefault()
    const next: OfficeHoursSpan[] = days().filter((d) => d.open).map(({ weekday, opensAt, closesAt }) => ({ weekday, opensAt, closesAt }))
    try {
      await save(next)
      setMessage({ ok: true, text: t('chat.hours.saved') })
    } catch (err) {
      const code = toApiError(err).code
      setMessage({ ok: false, text: chatError(code) })
    }
  }
  return (
    <div class="page">
      <header class="page-head">
        <p class="eyebrow eyebrow--on-dark">{t('chat.hours.eyebrow')}</p>
        <h1 id="page-title" class="page-head__title">{t('chat.hours.title')}</h1>
        <p class="page-head__lead">{t('chat.hours.lead')}</p>
      </header>
      <div class="stack">
        <form class="panel" onSubmit={submit}>
          <For each={days()}>
            {(day) => (
              <div class="office-hours__row">
                <strong>{textOf(`chat.hours.weekdays.${day.weekday}`)}</strong>
                <label>
                  <input type="checkbox" checked={day.open} onChange={(e) => change(day.weekday, { open: e.currentTarget.checked })} /> {t('chat.hours.open')}
                </label>
                <label for={`opens-${day.weekday}`}>{t('chat.hours.from')}</label>
                <input id={`opens-${day.weekday}`} type="time" disabled={!day.open} value={day.opensAt} onChange={(e) => change(day.weekday, { opensAt: e.currentTarget.value })} />
                <label for={`closes-${day.weekday}`}>{t('chat.hours.to')}</label>
                <input id={`closes-${day.weekday}`} type="time" disabled={!day.open} value={day.closesAt} onChange={(e) => change(day.weekday, { closesAt: e.currentTarget.value })} />
              </div>
            )}
          </For>
          <Show when={message()}>
            {(m) => <p role={m().ok ? 'status' : 'alert'} class={m().ok ? 'muted' : 'chat-thread__error'}>{m().text}</p>}
          </Show>
          <button type="submit" class="button">{t('common.save')}</button>
        </form>
      </div>
    </div>
  )
}
