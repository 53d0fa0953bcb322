import { A, createAsync } from '@solidjs/router'
import { createMemo, createSignal, ErrorBoundary, For, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { LoadError } from '../../../components/load-error'
import { SelectField } from '../../../components/select-field'
import { t } from '../../../i18n'
import { usePageTitle } from '../../../lib/page-title'
import { useAccount } from '../../auth/account-context'
import { AppointmentRow, typeName } from './appointment-row'
import { BookForClientDialog } from './book-for-client-dialog'
import { getStaff, getWeek, type Appointment, type WeekCalendar as Week } from '../queries'
import { addDays, clock, dateIn, dayLabel, FIRM_ZONE, mondayOf, shortDate, today, when } from '../time'
import { StatusBadge } from './status-badge'

/**
 * The firm's view of /termine: one staff member's week (Berlin time, Monday to Sunday) with the
 * bookings of every state and the absences, and the requests awaiting confirmation.
 */
export function WeekCalendar() {
  usePageTitle('appointments.calendar.title')
  const account = useAccount()
  const [staffId, setStaffId] = createSignal(account()!.id)
  const [week, setWeek] = createSignal(mondayOf(today()))
  const staff = createAsync(() => getStaff(), { initialValue: [] })
  const [entering, setEntering] = createSignal(false)
  const [entered, setEntered] = createSignal<Appointment>()
  const showEntered = (a: Appointment) => {
    setEntering(false)
    setEntered(a)
    // The calendar shows the week and staff member of the new booking.
    if (account()?.isAdmin || a.staff.id === account()!.id) setStaffId(a.staff.id)
    setWeek(mondayOf(dateIn(a.startsAt, FIRM_ZONE)))
  }
  return (
    <div class="page appointments-page">
      <header class="page-head page-head--with-action">
        <div>
          <p class="eyebrow eyebrow--on-dark">{t('appointments.calendar.eyebrow')}</p>
          <h1 id="page-title" class="page-head__title">
            {t('appointments.calendar.title')}
          </h1>
          <p class="page-head__lead">{t('appointments.calendar.lead')}</p>
        </div>
        <div class="page-head__actions">
          <button type="button" class="button button--brass" onClick={() => (setEntered(undefined), setEntering(true))}>
            {t('appointments.calendar.enter')}
          </button>
          <A href="/termine/arten" class="button button--on-dark">
            {t('appointments.calendar.types')}
          </A>
          <A href="/termine/verfuegbarkeit" class="button button--on-dark">
            {t('appointments.calendar.availability')}
          </A>
        </div>
      </header>
      <div class="stack">
        <Show when={entered()}>
          {(a) => (
            <Alert tone="success">
              {t('appointments.calendar.entered', { when: when(a().startsAt) })}{' '}
              <A href={`/termine/${a().id}`}>{t('appointments.calendar.open')}</A>
            </Alert>
          )}
        </Show>
        <Show when={account()?.isAdmin && staff().length > 1}>
          <section class="panel appointments-toolbar">
            <div class="appointment-zone">
              <SelectField
                id="calendar-staff"
                label={t('appointments.calendar.staff')}
                value={staffId()}
                options={staff().map((s) => ({ value: s.id, label: s.displayName }))}
                onChange={setStaffId}
              />
            </div>
          </section>
        </Show>
        <ErrorBoundary fallback={(error, reset) => <LoadError error={error} onRetry={reset} notFoundTitle={t('appointments.detail.notFound')} />}>
          <WeekView staffId={staffId()} week={week()} onWeek={setWeek} />
        </ErrorBoundary>
      </div>
      <BookForClientDialog open={entering()} onClose={() => setEntering(false)} onBooked={showEntered} />
    </div>
  )
}

function WeekView(props: { staffId: string; week: string; onWeek: (week: string) => void }) {
  const data = createAsync(() => getWeek(props.staffId, props.week))
  const days = () => Array.from({ length: 7 }, (_, i) => addDays(props.week, i))
  return (
    <Show when={data()}>
      {(d) => (
        <>
          <section class="panel" aria-labelledby="pending-title">
            <h2 id="pending-title" class="panel__title">
              {t('appointments.calendar.pending')}
            </h2>
            <Show when={d().pending.length > 0} fallback={<p class="muted">{t('appointments.calendar.noPending')}</p>}>
              <ul class="item-list">
                <For each={d().pending}>{(a) => <AppointmentRow appointment={a} showClient />}</For>
              </ul>
            </Show>
          </section>
          <section class="panel week" aria-labelledby="week-title">
            <div class="week__nav">
              <button type="button" class="button button--secondary button--small" onClick={() => props.onWeek(addDays(props.week, -7))}>
                {t('appointments.calendar.prev')}
              </button>
              <h2 id="week-title" class="week__title">
                {t('appointments.calendar.week', { from: shortDate(props.week), to: shortDate(addDays(props.week, 6)) })}
              </h2>
              <button type="button" class="button button--secondary button--small" onClick={() => props.onWeek(mondayOf(today()))}>
                {t('appointments.calendar.today')}
              </button>
              <button type="button" class="button button--secondary button--small" onClick={() => props.onWeek(addDays(props.week, 7))}>
                {t('appointments.calendar.next')}
              </button>
            </div>
            <ol class="week__days">
              <For each={days()}>{(day) => <DayColumn day={day} data={d()} />}</For>
            </ol>
          </section>
        </>
      )}
    </Show>
  )
}

function DayColumn(props: { day: string; data: Week }) {
  const bookings = createMemo(() => props.data.bookings.filter((b) => dateIn(b.startsAt, FIRM_ZONE) === props.day))
  const absences = createMemo(() =>
    props.data.exceptions.filter((e) => dateIn(e.startsAt, FIRM_ZONE) <= props.day && dateIn(new Date(new Date(e.endsAt).getTime() - 1), FIRM_ZONE) >= props.day),
  )
  return (
    <li class="week__day" classList={{ 'week__day--today': props.day === today() }}>
      <h3 class="week__day-title">{dayLabel(props.day)}</h3>
      <For each={absences()}>
        {(e) => (
          <p class="week__absence">
            {t('appointments.calendar.absent')}: {t(`appointments.availability.exceptionKind.${e.kind}`)}
            <Show when={e.note}>{` – ${e.note}`}</Show>
          </p>
        )}
      </For>
      <Show when={bookings().length > 0} fallback={<Show when={absences().length === 0}><p class="muted week__free">{t('appointments.calendar.free')}</p></Show>}>
        <ul class="week__bookings">
          <For each={bookings()}>{(b) => <Booking booking={b} />}</For>
        </ul>
      </Show>
    </li>
  )
}

function Booking(props: { booking: Appointment }) {
  const b = () => props.booking
  return (
    <li class="week__booking" classList={{ [`week__booking--${b().status}`]: true }} data-appointment-id={b().id}>
      <A href={`/termine/${b().id}`} class="week__booking-link">
        <span class="week__booking-time">
          {clock(b().startsAt, FIRM_ZONE)}–{clock(b().endsAt, FIRM_ZONE)}
        </span>
        <span class="week__booking-title">{typeName(b().type)}</span>
        <span class="week__booking-who">
          {b().booker.name}
          <Show when={b().clientName}>{(c) => ` (${c()})`}</Show>
        </span>
      </A>
      <StatusBadge status={b().status} />
    </li>
  )
}
