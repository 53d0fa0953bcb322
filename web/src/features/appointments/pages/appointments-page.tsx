import { A, createAsync } from '@solidjs/router'
import { ErrorBoundary, For, Show } from 'solid-js'
import { EmptyState } from '../../../components/empty-state'
import { LoadError } from '../../../components/load-error'
import { t } from '../../../i18n'
import { usePageTitle } from '../../../lib/page-title'
import { useAccount } from '../../auth/account-context'
import { AppointmentRow } from '../components/appointment-row'
import { WeekCalendar } from '../components/week-calendar'
import { ZoneSwitch } from '../components/zone-switch'
import { getMine, type Appointment } from '../queries'
import '../appointments.css'

/** /termine: a client's own appointments; for the firm the week calendar. */
export default function AppointmentsPage() {
  const account = useAccount()
  return (
    <Show when={account()}>
      {(a) => (
        <Show when={a().kind === 'staff'} fallback={<MyAppointmentsPage />}>
          <WeekCalendar />
        </Show>
      )}
    </Show>
  )
}

function MyAppointmentsPage() {
  usePageTitle('appointments.mine.title')
  return (
    <div class="page appointments-page">
      <header class="page-head page-head--with-action">
        <div>
          <p class="eyebrow eyebrow--on-dark">{t('appointments.mine.eyebrow')}</p>
          <h1 id="page-title" class="page-head__title">
            {t('appointments.mine.title')}
          </h1>
          <p class="page-head__lead">{t('appointments.mine.lead')}</p>
        </div>
        <div class="page-head__actions">
          <A href="/termine/buchen" class="button button--brass">
            {t('appointments.mine.book')}
          </A>
        </div>
      </header>
      <div class="stack">
        <ZoneSwitch panel />
        <ErrorBoundary fallback={(error, reset) => <LoadError error={error} onRetry={reset} notFoundTitle={t('appointments.detail.notFound')} />}>
          <MyList />
        </ErrorBoundary>
      </div>
    </div>
  )
}

function MyList() {
  const mine = createAsync(() => getMine())
  const active = (a: Appointment) => (a.status === 'pending' || a.status === 'confirmed') && new Date(a.endsAt).getTime() > Date.now()
  return (
    <Show when={mine()}>
      {(list) => (
        <Show
          when={list().length > 0}
          fallback={
            <section class="panel">
              <EmptyState title={t('appointments.mine.emptyTitle')} text={t('appointments.mine.empty')} />
            </section>
          }
        >
          <Show when={list().some(active)}>
            <section class="panel" aria-labelledby="upcoming-title">
              <h2 id="upcoming-title" class="panel__title">
                {t('appointments.mine.upcoming')}
              </h2>
              <ul class="item-list">
                <For each={list().filter(active)}>{(a) => <AppointmentRow appointment={a} />}</For>
              </ul>
            </section>
          </Show>
          <Show when={list().some((a) => !active(a))}>
            <section class="panel" aria-labelledby="past-title">
              <h2 id="past-title" class="panel__title">
                {t('appointments.mine.past')}
              </h2>
              <ul class="item-list">
                <For each={list().filter((a) => !active(a))}>{(a) => <AppointmentRow appointment={a} />}</For>
              </ul>
            </section>
          </Show>
        </Show>
      )}
    </Show>
  )
}

