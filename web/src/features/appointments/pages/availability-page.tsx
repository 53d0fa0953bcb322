import { createAsync } from '@solidjs/router'
import { createSignal, ErrorBoundary, For, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { CheckboxField } from '../../../components/checkbox-field'
import { LoadError } from '../../../components/load-error'
import { SelectField } from '../../../components/select-field'
import { SubmitButton } from '../../../components/submit-button'
import { TextField } from '../../../components/text-field'
import { t, type TranslationKey } from '../../../i18n'
import { formatTime } from '../../../lib/format'
import { usePageTitle } from '../../../lib/page-title'
import { useAccount } from '../../auth/account-context'
import { CreatedLink } from '../../shares/components/created-link'
import { appointmentErrorText } from '../errors'
import { addException, createFeed, getAvailability, getFeed, getStaff, removeException, revokeFeed, saveAvailability, type Availability } from '../queries'
import { berlinToIso, today } from '../time'
import '../appointments.css'

const STATES = ['BW', 'BY', 'BE', 'BB', 'HB', 'HH', 'HE', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH', 'BUND'] as const
const weekdayName = (d: number) => t(`appointments.availability.weekdays.w${d}` as TranslationKey) as string

/** /termine/verfuegbarkeit (staff): weekly hours, holiday state, absences and the private ICS feed. */
export default function AvailabilityPage() {
  usePageTitle('appointments.availability.title')
  const account = useAccount()
  const [staffId, setStaffId] = createSignal(account()!.id)
  const staff = createAsync(() => getStaff(), { initialValue: [] })
  const availability = createAsync(() => getAvailability(staffId()))
  return (
    <div class="page appointments-page">
      <header class="page-head">
        <p class="eyebrow eyebrow--on-dark">{t('appointments.availability.eyebrow')}</p>
        <h1 id="page-title" class="page-head__title">
          {t('appointments.availability.title')}
        </h1>
        <p class="page-head__lead">{t('appointments.availability.lead')}</p>
      </header>
      <div class="stack">
        <Show when={account()?.isAdmin && staff().length > 1}>
          <div class="appointment-zone">
            <SelectField id="availability-staff" label={t('appointments.availability.staff')} value={staffId()} options={staff().map((s) => ({ value: s.id, label: s.displayName }))} onChange={setStaffId} />
          </div>
        </Show>
        <ErrorBoundary fallback={(error, reset) => <LoadError error={error} onRetry={reset} notFoundTitle={t('appointments.detail.notFound')} />}>
          <Show when={availability()} keyed>
            {(a) => (
              <>
                <WeeklyHours availability={a} />
                <Exceptions availability={a} />
              </>
            )}
          </Show>
        </ErrorBoundary>
        <Show when={staffId() === account()?.id}>
          <FeedPanel />
        </Show>
      </div>
    </div>
  )
}

type Window = { weekday: number; starts: string; ends: string }

function WeeklyHours(props: { availability: Availability }) {
  const [windows, setWindows] = createSignal<Window[]>(props.availability.weekly)
  const [state, setState] = createSignal(props.availability.holidayState ?? '')
  const [pending, setPending] = createSignal(false)
  const [message, setMessage] = createSignal<{ tone: 'error' | 'success'; text: string }>()
  const update = (i: number, w: Partial<Window>) => setWindows(windows().map((x, j) => (j === i ? { ...x, ...w } : x)))
  async function submit(event: SubmitEvent) {
    event.preventDefault()
    setPending(true)
    setMessage(undefined)
    try {
      await saveAvailability({ staffId: props.availability.staffId, holidayState: state() || null, weekly: windows() })
      setMessage({ tone: 'success', text: t('appointments.availability.saved') })
    } catch (err) {
      setMessage({ tone: 'error', text: appointmentErrorText(err) })
    } finally {
      setPending(false)
    }
  }
  return (
    <section class="panel" aria-labelledby="weekly-title">
      <h2 id="weekly-title" class="panel__title">
        {t('appointments.availability.weekly')}
      </h2>
      <form class="form" onSubmit={submit} noValidate>
        <Show when={message()}>{(m) => <Alert tone={m().tone}>{m().text}</Alert>}</Show>
        <ul class="hours">
          <For each={windows()}>
            {(w, i) => (
              <li class="hours__row">
                <SelectField
                  id={`hours-day-${i()}`}
                  label={t('appointments.availability.weekday')}
                  value={String(w.weekday)}
                  options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: String(d), label: weekdayName(d) }))}
                  onChange={(x) => update(i(), { weekday: Number(x) })}
                />
                <TextField id={`hours-from-${i()}`} label={t('appointments.availability.from')} value={w.starts} onInput={(x) => update(i(), { starts: x })} maxLength={5} inputMode="numeric" />
                <TextField id={`hours-to-${i()}`} label={t('appointments.availability.to')} value={w.ends} onInput={(x) => update(i(), { ends: x })} maxLength={5} inputMode="numeric" />
                <button type="button" class="link-button hours__remove" onClick={() => setWindows(windows().filter((_, j) => j !== i()))}>
                  {t('appointments.availability.removeWindow')}
                </button>
              </li>
            )}
          </For>
        </ul>
        <button type="button" class="button button--secondary button--small" onClick={() => setWindows([...windows(), { weekday: 1, starts: '09:00', ends: '17:00' }])}>
          {t('appointments.availability.addWindow')}
        </button>
        <SelectField
          id="holiday-state"
          label={t('appointments.availability.holidays')}
          value={state()}
          options={[{ value: '', label: t('appointments.availability.holidaysNone') }, ...STATES.map((s) => ({ value: s, label: t(`appointments.states.${s}`) }))]}
          onChange={setState}
        />
        <div class="form__actions">
          <SubmitButton pending={pending()}>{t('appointments.availability.save')}</SubmitButton>
        </div>
      </form>
    </section>
  )
}

function Exceptions(props: { availability: Availability }) {
  const [from, setFrom] = createSignal(`${today()}T00:00`)
  const [to, setTo] = createSignal(`${today()}T23:59`)
  const [kind, setKind] = createSignal('vacation')
  const [note, setNote] = createSignal('')
  const [error, setError] = createSignal<string>()
  const [pending, setPending] = createSignal(false)
  async function submit(event: SubmitEvent) {
    event.preventDefault()
    setPending(true)
    setError(undefined)
    try {
      await addException({ staffId: props.availability.staffId, startsAt: berlinToIso(from()), endsAt: berlinToIso(to()), kind: kind(), note: note() })
      setNote('')
    } catch (err) {
      setError(appointmentErrorText(err))
    } finally {
      setPending(false)
    }
  }
  return (
    <section class="panel" aria-labelledby="exceptions-title">
      <h2 id="exceptions-title" class="panel__title">
        {t('appointments.availability.exceptions')}
      </h2>
      <Show when={props.availability.exceptions.length > 0} fallback={<p class="muted">{t('appointments.availability.exceptionsEmpty')}</p>}>
        <ul class="item-list">
          <For each={props.availability.exceptions}>
            {(e) => (
              <li class="item exception-row">
                <div class="item__body">
                  <p class="item__title">{t(`appointments.availability.exceptionKind.${e.kind}`)}</p>
                  <p class="item__meta">
                    {formatTime(e.startsAt)} – {formatTime(e.endsAt)}
                    <Show when={e.note}>{` · ${e.note}`}</Show>
                  </p>
                </div>
                <button type="button" class="button button--secondary button--small" onClick={() => void removeException(e.id)}>
                  {t('appointments.availability.removeException')}
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <form class="form exception-form" onSubmit={submit} noValidate>
        <Show when={error()}>{(e) => <Alert tone="error">{e()}</Alert>}</Show>
        <div class="form-grid form-grid--narrow">
          <div class="field">
            <label class="field__label" for="exception-from">{t('appointments.availability.exceptionFrom')}</label>
            <input id="exception-from" class="field__input" type="datetime-local" value={from()} onInput={(e) => setFrom(e.currentTarget.value)} />
          </div>
          <div class="field">
            <label class="field__label" for="exception-to">{t('appointments.availability.exceptionTo')}</label>
            <input id="exception-to" class="field__input" type="datetime-local" value={to()} onInput={(e) => setTo(e.currentTarget.value)} />
          </div>
          <SelectField
            id="exception-kind"
            label={t('appointments.availability.exceptionType')}
            value={kind()}
            options={(['vacation', 'court', 'other'] as const).map((k) => ({ value: k, label: t(`appointments.availability.exceptionKind.${k}`) }))}
            onChange={setKind}
          />
        </div>
        <TextField id="exception-note" label={t('appointments.availability.exceptionNote')} value={note()} onInput={setNote} maxLength={300} />
        <div class="form__actions">
          <SubmitButton pending={pending()}>{t('appointments.availability.addException')}</SubmitButton>
        </div>
      </form>
    </section>
  )
}

function FeedPanel() {
  const feed = createAsync(() => getFeed())
  const [url, setUrl] = createSignal<string>()
  const [error, setError] = createSignal<string>()
  // Names of clients leave the firm with the feed only when the staff member chooses so.
  const [withNames, setWithNames] = createSignal(false)
  const create = async () => {
    setError(undefined)
    try {
      setUrl((await createFeed(withNames())).url)
    } catch (err) {
      setError(appointmentErrorText(err))
    }
  }
  return (
    <section class="panel" aria-labelledby="feed-title">
      <h2 id="feed-title" class="panel__title">
        {t('appointments.availability.feed')}
      </h2>
      <p>{t('appointments.availability.feedLead')}</p>
      <Show when={error()}>{(e) => <Alert tone="error">{e()}</Alert>}</Show>
      <Show when={url()}>
        {(u) => (
          <div class="share-created">
            <Alert tone="success">{t('appointments.availability.feedCreated')}</Alert>
            <CreatedLink id="feed-url" url={u()} />
          </div>
        )}
      </Show>
      <Show when={feed()}>
        {(f) => (
          <>
            <p class="muted">
              {f().active ? t('appointments.availability.feedActive', { date: formatTime(f().createdAt) }) : t('appointments.availability.feedNone')}
              <Show when={f().active && f().withNames}>{` ${t('appointments.availability.feedShowsNames')}`}</Show>
            </p>
            <CheckboxField id="feed-with-names" label={t('appointments.availability.feedWithNames')} hint={t('appointments.availability.feedWithNamesHint')} checked={withNames()} onChange={setWithNames} />
            <div class="form__actions appointment-actions">
              <button type="button" class="button button--primary" onClick={() => void create()}>
                {f().active ? t('appointments.availability.feedRenew') : t('appointments.availability.feedCreate')}
              </button>
              <Show when={f().active}>
                <button type="button" class="button button--danger" onClick={() => void revokeFeed().then(() => setUrl(undefined))}>
                  {t('appointments.availability.feedRevoke')}
                </button>
              </Show>
            </div>
          </>
        )}
      </Show>
    </section>
  )
}
