import { A, createAsync } from '@solidjs/router'
import { createSignal, For, Match, Show, Switch } from 'solid-js'
import { Alert } from '../../../components/alert'
import { EmptyState } from '../../../components/empty-state'
import { SelectField } from '../../../components/select-field'
import { SubmitButton } from '../../../components/submit-button'
import { locale, t } from '../../../i18n'
import { usePageTitle } from '../../../lib/page-title'
import { typeName } from '../components/appointment-row'
import { IntakeAnswers } from '../components/intake-answers'
import { SlotPicker } from '../components/slot-picker'
import { ZoneSwitch } from '../components/zone-switch'
import { appointmentErrorText } from '../errors'
import { bookAppointment, getTypes, type Appointment, type AppointmentType } from '../queries'
import { when, zone } from '../time'
import '../appointments.css'

/**
 * /termine/buchen: pick a kind of appointment → a free time (computed on the server) → answer the
 * intake questions → book; then the confirmation ("awaiting confirmation" when the firm decides).
 */
export default function BookPage() {
  usePageTitle('appointments.book.title')
  const types = createAsync(() => getTypes())
  const [type, setType] = createSignal<AppointmentType>()
  const [startsAt, setStartsAt] = createSignal<string>()
  const [booked, setBooked] = createSignal<Appointment>()
  const step = () => (booked() ? 'done' : !type() ? 'type' : !startsAt() ? 'slot' : 'questions')
  return (
    <div class="page appointments-page">
      <header class="page-head">
        <p class="eyebrow eyebrow--on-dark">{t('appointments.book.eyebrow')}</p>
        <h1 id="page-title" class="page-head__title">
          {t('appointments.book.title')}
        </h1>
        <p class="page-head__lead">{t('appointments.book.lead')}</p>
      </header>
      <div class="stack">
        <Switch>
          <Match when={step() === 'type'}>
            <Show when={types()}>
              {(list) => (
                <Show
                  when={list().some((x) => x.active && x.targets.length > 0)}
                  fallback={
                    <section class="panel">
                      <EmptyState title={t('appointments.book.noTypes')} />
                    </section>
                  }
                >
                  <section class="panel" aria-labelledby="step-type">
                    <h2 id="step-type" class="panel__title">
                      {t('appointments.book.stepType')}
                    </h2>
                    <ul class="type-cards">
                      <For each={list().filter((x) => x.active && x.targets.length > 0)}>
                        {(x) => (
                          <li class="type-card">
                            <h3 class="type-card__title">{typeName(x)}</h3>
                            <p class="type-card__meta">
                              {t('appointments.book.duration', { n: x.durationMinutes })} · {t(`appointments.location.${x.location}`)}
                              <Show when={x.staffName}>{(n) => ` · ${n()}`}</Show>
                            </p>
                            <Show when={locale() === 'de' ? x.descriptionDe : x.descriptionEn}>{(d) => <p class="type-card__text">{d()}</p>}</Show>
                            <Show when={x.requiresConfirmation}>
                              <p class="type-card__note">{t('appointments.book.needsConfirmation')}</p>
                            </Show>
                            <button type="button" class="button button--primary button--small" onClick={() => setType(x)}>
                              {t('appointments.book.choose')}
                            </button>
                          </li>
                        )}
                      </For>
                    </ul>
                  </section>
                </Show>
              )}
            </Show>
          </Match>
          <Match when={step() === 'slot' && type()}>
            {(x) => (
              <section class="panel" aria-labelledby="step-slot">
                <div class="step-head">
                  <h2 id="step-slot" class="panel__title">
                    {t('appointments.book.stepSlot')}: {typeName(x())}
                  </h2>
                  <button type="button" class="link-button" onClick={() => setType(undefined)}>
                    {t('appointments.book.back')}
                  </button>
                </div>
                <ZoneSwitch />
                <SlotPicker typeId={x().id} onChoose={setStartsAt} />
              </section>
            )}
          </Match>
          <Match when={step() === 'questions' && type()}>
            {(x) => <QuestionsStep type={x()} startsAt={startsAt()!} onBack={() => setStartsAt(undefined)} onBooked={setBooked} />}
          </Match>
          <Match when={booked()}>
            {(a) => (
              <section class="panel booking-done" aria-labelledby="done-title">
                <Alert tone="success">
                  <strong id="done-title">{a().status === 'pending' ? t('appointments.book.donePendingTitle') : t('appointments.book.doneTitle')}</strong>
                </Alert>
                <p class="booking-done__when">
                  {typeName(a().type)} · {when(a().startsAt)}
                </p>
                <p>{a().status === 'pending' ? t('appointments.book.donePendingText') : t('appointments.book.doneText')}</p>
                <div class="form__actions">
                  <A href={`/termine/${a().id}`} class="button button--secondary">
                    {t('appointments.mine.open')}
                  </A>
                  <A href="/termine" class="button button--primary">
                    {t('appointments.book.toMine')}
                  </A>
                </div>
              </section>
            )}
          </Match>
        </Switch>
      </div>
    </div>
  )
}

function QuestionsStep(props: { type: AppointmentType; startsAt: string; onBack: () => void; onBooked: (a: Appointment) => void }) {
  const [answers, setAnswers] = createSignal<Record<string, string>>({})
  const [clientId, setClientId] = createSignal(props.type.targets[0]?.clientId ?? '')
  const [error, setError] = createSignal<string>()
  const [pending, setPending] = createSignal(false)
  async function submit(event: SubmitEvent) {
    event.preventDefault()
    setPending(true)
    setError(undefined)
    try {
      props.onBooked(await bookAppointment({ typeId: props.type.id, startsAt: props.startsAt, clientId: clientId() || undefined, answers: answers(), timeZone: zone() }))
    } catch (err) {
      setError(appointmentErrorText(err))
    } finally {
      setPending(false)
    }
  }
  return (
    <section class="panel" aria-labelledby="step-questions">
      <div class="step-head">
        <h2 id="step-questions" class="panel__title">
          {t('appointments.book.stepQuestions')}
        </h2>
        <button type="button" class="link-button" onClick={() => props.onBack()}>
          {t('appointments.book.change')}
        </button>
      </div>
      <p class="booking-chosen">{t('appointments.book.chosen', { when: `${typeName(props.type)} · ${when(props.startsAt)}` })}</p>
      <form class="form booking-form" onSubmit={submit} noValidate>
        <Show when={error()}>{(e) => <Alert tone="error">{e()}</Alert>}</Show>
        <Show when={props.type.targets.length > 1}>
          <SelectField
            id="booking-client"
            label={t('appointments.book.forClient')}
            value={clientId()}
            options={props.type.targets.map((x) => ({ value: x.clientId, label: x.clientName }))}
            onChange={setClientId}
          />
        </Show>
        <IntakeAnswers questions={props.type.questions} answers={answers()} onChange={setAnswers} />
        <div class="form__actions">
          <SubmitButton pending={pending()}>
            {props.type.requiresConfirmation ? t('appointments.book.submitRequest') : t('appointments.book.submit')}
          </SubmitButton>
        </div>
      </form>
    </section>
  )
}
