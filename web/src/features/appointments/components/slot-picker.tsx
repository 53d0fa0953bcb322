import { createAsync } from '@solidjs/router'
import { createMemo, createSignal, For, Show } from 'solid-js'
import { t } from '../../../i18n'
import { getSlots } from '../queries'
import { addDays, clock, dateIn, dayLabel, mondayOf, shortDate, today, zone } from '../time'

type SlotPickerProps = {
  typeId: string
  chosen?: string
  onChoose: (startsAt: string) => void
  /** The firm's view (staff booking or moving for a client): the client's notice does not apply. */
  firm?: boolean
}

/**
 * The free times of a type, a week at a time, as the server computes them (availability minus
 * bookings, buffers, holidays and absences); grouped by day in the zone the page shows.
 */
export function SlotPicker(props: SlotPickerProps) {
  const [week, setWeek] = createSignal(mondayOf(today()))
  const slots = createAsync(() => getSlots(props.typeId, week(), addDays(week(), 6), props.firm ?? false))
  const days = createMemo(() => {
    const byDay = new Map<string, string[]>()
    for (const slot of slots()?.slots ?? []) {
      const day = dateIn(slot.startsAt)
      byDay.set(day, [...(byDay.get(day) ?? []), slot.startsAt])
    }
    return [...byDay.entries()]
  })
  const isFirstWeek = () => week() <= mondayOf(today())
  return (
    <div class="slot-picker">
      <div class="slot-picker__nav">
        <button type="button" class="button button--secondary button--small" disabled={isFirstWeek()} onClick={() => setWeek(addDays(week(), -7))}>
          {t('appointments.book.prevWeek')}
        </button>
        <p class="slot-picker__week" aria-live="polite">
          {t('appointments.book.week', { date: shortDate(week()) })}
        </p>
        <button type="button" class="button button--secondary button--small" onClick={() => setWeek(addDays(week(), 7))}>
          {t('appointments.book.nextWeek')}
        </button>
      </div>
      <Show when={slots()} fallback={<p class="muted">{t('app.loading')}</p>}>
        <Show when={days().length > 0} fallback={<p class="muted slot-picker__empty">{t('appointments.book.noSlots')}</p>}>
          <div class="slot-picker__days">
            <For each={days()}>
              {([day, starts]) => (
                <section class="slot-day" aria-label={t('appointments.book.slotsFor', { date: dayLabel(day) })}>
                  <h3 class="slot-day__title">{dayLabel(day)}</h3>
                  <ul class="slot-day__slots">
                    <For each={starts}>
                      {(startsAt) => (
                        <li>
                          <button
                            type="button"
                            class="slot"
                            classList={{ 'slot--chosen': props.chosen === startsAt }}
                            aria-pressed={props.chosen === startsAt ? 'true' : 'false'}
                            data-starts-at={startsAt}
                            onClick={() => props.onChoose(startsAt)}
                          >
                            {clock(startsAt, zone())}
                          </button>
                        </li>
                      )}
                    </For>
                  </ul>
                </section>
              )}
            </For>
          </div>
        </Show>
      </Show>
    </div>
  )
}
