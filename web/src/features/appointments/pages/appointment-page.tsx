import { A, createAsync, useParams } from '@solidjs/router'
import { createSignal, ErrorBoundary, For, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { ConfirmDialog } from '../../../components/confirm-dialog'
import { Dialog } from '../../../components/dialog'
import { LoadError } from '../../../components/load-error'
import { SubmitButton } from '../../../components/submit-button'
import { TextAreaField } from '../../../components/textarea-field'
import { locale, t } from '../../../i18n'
import { usePageTitle } from '../../../lib/page-title'
import { useAccount } from '../../auth/account-context'
import { typeName } from '../components/appointment-row'
import { CallArea } from '../components/call-area'
import { SlotPicker } from '../components/slot-picker'
import { StatusBadge } from '../components/status-badge'
import { ZoneSwitch } from '../components/zone-switch'
import { appointmentErrorText } from '../errors'
import { cancelAppointment, confirmAppointment, declineAppointment, getAppointment, reschedule, type Appointment } from '../queries'
import { when, zone } from '../time'
import '../appointments.css'

/** /termine/:id: one appointment with what its booker and the firm may do with it. */
export default function AppointmentPage() {
  usePageTitle('appointments.detail.eyebrow')
  const params = useParams()
  return (
    <div class="page appointments-page">
      <ErrorBoundary fallback={(error, reset) => <LoadError error={error} onRetry={reset} notFoundTitle={t('appointments.detail.notFound')} backHref="/termine" backLabel={t('appointments.detail.back')} />}>
        <Detail id={params.id!} />
      </ErrorBoundary>
    </div>
  )
}

function Detail(props: { id: string }) {
  const appointment = createAsync(() => getAppointment(props.id))
  const account = useAccount()
  const [error, setError] = createSignal<string>()
  const [notice, setNotice] = createSignal<string>()
  const [moving, setMoving] = createSignal(false)
  const [cancelling, setCancelling] = createSignal(false)
  const [declining, setDeclining] = createSignal(false)
  const isStaff = () => account()?.kind === 'staff'
  const run = async (work: () => Promise<unknown>, done?: string) => {
    setError(undefined)
    setNotice(undefined)
    try {
      await work()
      if (done) setNotice(done)
    } catch (err) {
      setError(appointmentErrorText(err))
    }
  }
  return (
    <Show when={appointment()}>
      {(a) => {
        const active = () => a().status === 'pending' || a().status === 'confirmed'
        const mine = () => a().booker.id === account()?.id && !isStaff()
        const beforeCutoff = () => new Date(a().startsAt).getTime() - a().type.cutoffHours * 3600_000 > Date.now()
        return (
          <>
            <header class="page-head">
              <p class="eyebrow eyebrow--on-dark">{t('appointments.detail.eyebrow')}</p>
              <h1 id="page-title" class="page-head__title">
                {typeName(a().type)}
              </h1>
              <p class="page-head__lead">
                {when(a().startsAt)} <StatusBadge status={a().status} />
              </p>
            </header>
            <div class="stack">
              <Show when={error()}>{(e) => <Alert tone="error">{e()}</Alert>}</Show>
              <Show when={notice()}>{(n) => <Alert tone="success">{n()}</Alert>}</Show>
              <section class="panel appointment-detail" aria-labelledby="page-title">
                <dl class="appointment-facts">
                  <dt>{t('appointments.detail.when')}</dt>
                  <dd data-testid="appointment-when">{when(a().startsAt)} – {when(a().endsAt).split(/,\s*/).at(-1)}</dd>
                  <dt>{t('appointments.detail.where')}</dt>
                  <dd>
                    {t(`appointments.location.${a().type.location}`)}
                    <Show when={a().type.locationDetail}>{(d) => ` – ${d()}`}</Show>
                  </dd>
                  <dt>{t('appointments.detail.with')}</dt>
                  <dd>{a().staff.name ?? '—'}</dd>
                  <Show when={isStaff()}>
                    <dt>{a().enteredBy ? t('appointments.detail.bookedFor') : t('appointments.detail.bookedBy')}</dt>
                    <dd>
                      {a().booker.name}
                      <Show when={a().clientName}>{(c) => ` (${c()})`}</Show>
                    </dd>
                    <Show when={a().enteredBy}>
                      {(e) => (
                        <>
                          <dt>{t('appointments.detail.enteredBy')}</dt>
                          <dd>{e().name ?? '—'}</dd>
                        </>
                      )}
                    </Show>
                  </Show>
                  <Show when={!isStaff() && a().enteredBy}>
                    <dt>{t('appointments.detail.bookedBy')}</dt>
                    <dd>{t('appointments.detail.enteredByFirm')}</dd>
                  </Show>
                  <Show when={a().declineReason}>
                    <dt>{t('appointments.detail.declineReason')}</dt>
                    <dd>{a().declineReason}</dd>
                  </Show>
                </dl>
                <h2 class="panel__subtitle">{t('appointments.detail.answers')}</h2>
                <Show when={Object.keys(a().answers).length > 0} fallback={<p class="muted">{t('appointments.detail.noAnswers')}</p>}>
                  <dl class="appointment-facts">
                    <For each={a().type.questions.filter((q) => a().answers[q.id])}>
                      {(q) => (
                        <>
                          <dt>{locale() === 'de' ? q.labelDe : q.labelEn}</dt>
                          <dd class="appointment-answer">{a().answers[q.id]}</dd>
                        </>
                      )}
                    </For>
                  </dl>
                </Show>
                <ZoneSwitch />
              </section>

              <Show when={a().type.location === 'video' && active()}>
                <CallArea itemId={a().id} />
              </Show>

              <Show when={active()}>
                <section class="panel" aria-label={t('appointments.detail.eyebrow')}>
                  <Show when={isStaff()}>
                    <div class="form__actions appointment-actions">
                      <Show when={a().status === 'pending'}>
                        <button type="button" class="button button--primary" onClick={() => void run(() => confirmAppointment(a().id), t('appointments.status.confirmed'))}>
                          {t('appointments.detail.confirm')}
                        </button>
                        <button type="button" class="button button--danger" onClick={() => setDeclining(true)}>
                          {t('appointments.detail.decline')}
                        </button>
                      </Show>
                      <button type="button" class="button button--secondary" onClick={() => setMoving(true)}>
                        {t('appointments.detail.reschedule')}
                      </button>
                      <button type="button" class="button button--secondary" onClick={() => setCancelling(true)}>
                        {t('appointments.detail.cancel')}
                      </button>
                    </div>
                  </Show>
                  <Show when={mine()}>
                    <Show when={beforeCutoff()} fallback={<Alert tone="info">{t('appointments.detail.afterCutoff')}</Alert>}>
                      <p class="muted">{t('appointments.detail.cutoffNote', { hours: a().type.cutoffHours })}</p>
                      <div class="form__actions appointment-actions">
                        <button type="button" class="button button--secondary" onClick={() => setMoving(true)}>
                          {t('appointments.detail.reschedule')}
                        </button>
                        <button type="button" class="button button--danger" onClick={() => setCancelling(true)}>
                          {t('appointments.detail.cancel')}
                        </button>
                      </div>
                    </Show>
                  </Show>
                </section>
              </Show>
              <p>
                <A href="/termine" class="link-button">
                  {t('appointments.detail.back')}
                </A>
              </p>
            </div>
            <RescheduleDialog open={moving()} appointment={a()} firm={isStaff()} onClose={() => setMoving(false)} onError={setError} onDone={() => setNotice(t('appointments.detail.reschedule'))} />
            <ConfirmDialog
              open={cancelling()}
              title={t('appointments.detail.cancelTitle')}
              text={t('appointments.detail.cancelText', { title: typeName(a().type), when: when(a().startsAt) })}
              confirmLabel={t('appointments.detail.cancel')}
              danger
              onConfirm={() => run(() => cancelAppointment(a().id))}
              onClose={() => setCancelling(false)}
            />
            <DeclineDialog open={declining()} appointment={a()} onClose={() => setDeclining(false)} />
          </>
        )
      }}
    </Show>
  )
}

function RescheduleDialog(props: { open: boolean; appointment: Appointment; firm: boolean; onClose: () => void; onError: (e: string) => void; onDone: () => void }) {
  const [chosen, setChosen] = createSignal<string>()
  const [pending, setPending] = createSignal(false)
  const [error, setError] = createSignal<string>()
  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (!chosen()) return
    setPending(true)
    setError(undefined)
    try {
      await reschedule(props.appointment.id, chosen()!, zone())
      props.onDone()
      props.onClose()
    } catch (err) {
      setError(appointmentErrorText(err))
    } finally {
      setPending(false)
    }
  }
  return (
    <Dialog open={props.open} title={t('appointments.detail.rescheduleTitle')} onClose={() => props.onClose()}>
      <form class="form" onSubmit={submit}>
        <Show when={error()}>{(e) => <Alert tone="error">{e()}</Alert>}</Show>
        <SlotPicker typeId={props.appointment.type.id} chosen={chosen()} onChoose={setChosen} firm={props.firm} />
        <Show when={chosen()}>{(c) => <p class="booking-chosen">{t('appointments.book.chosen', { when: when(c()) })}</p>}</Show>
        <div class="form__actions">
          <SubmitButton pending={pending()}>{t('appointments.detail.rescheduleSubmit')}</SubmitButton>
        </div>
      </form>
    </Dialog>
  )
}

function DeclineDialog(props: { open: boolean; appointment: Appointment; onClose: () => void }) {
  const [reason, setReason] = createSignal('')
  const [pending, setPending] = createSignal(false)
  const [error, setError] = createSignal<string>()
  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (!reason().trim()) return setError(t('appointments.errors.validation_failed'))
    setPending(true)
    setError(undefined)
    try {
      await declineAppointment(props.appointment.id, reason().trim())
      props.onClose()
    } catch (err) {
      setError(appointmentErrorText(err))
    } finally {
      setPending(false)
    }
  }
  return (
    <Dialog open={props.open} title={t('appointments.detail.declineTitle')} description={t('appointments.detail.declineText')} onClose={() => props.onClose()}>
      <form class="form" onSubmit={submit} noValidate>
        <Show when={error()}>{(e) => <Alert tone="error">{e()}</Alert>}</Show>
        <TextAreaField id="decline-reason" label={t('appointments.detail.declineReasonLabel')} value={reason()} onInput={setReason} maxLength={1000} />
        <div class="form__actions">
          <SubmitButton pending={pending()}>{t('appointments.detail.declineSubmit')}</SubmitButton>
        </div>
      </form>
    </Dialog>
  )
}
