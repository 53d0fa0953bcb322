import { createAsync } from '@solidjs/router'
import { createMemo, createSignal, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { Dialog } from '../../../components/dialog'
import { SelectField } from '../../../components/select-field'
import { SubmitButton } from '../../../components/submit-button'
import { t } from '../../../i18n'
import { getClients } from '../../clients/queries'
import { appointmentErrorText } from '../errors'
import { bookForClient, getBookingOptions, getTypes, type Appointment } from '../queries'
import { when } from '../time'
import { typeName } from './appointment-row'
import { IntakeAnswers } from './intake-answers'
import { SlotPicker } from './slot-picker'

type BookForClientDialogProps = { open: boolean; onClose: () => void; onBooked: (a: Appointment) => void }

/**
 * "Termin eintragen": the firm books for a client's person (on the phone). Client → person → type
 * (those the person may book, as the server says) → optionally a project → a free time of the
 * firm's view (no client notice) → what the person told about it. Confirmed at once; the person
 * gets the mail with the .ics and finds it among their appointments.
 */
export function BookForClientDialog(props: BookForClientDialogProps) {
  return (
    <Dialog open={props.open} title={t('appointments.forClient.title')} description={t('appointments.forClient.lead')} onClose={() => props.onClose()}>
      <BookForClientForm onBooked={(a) => props.onBooked(a)} />
    </Dialog>
  )
}

function BookForClientForm(props: { onBooked: (a: Appointment) => void }) {
  const clients = createAsync(() => getClients(), { initialValue: [] })
  const types = createAsync(() => getTypes(), { initialValue: [] })
  const [clientId, setClientId] = createSignal('')
  const [personId, setPersonId] = createSignal('')
  const [typeId, setTypeId] = createSignal('')
  const [projectId, setProjectId] = createSignal('')
  const [startsAt, setStartsAt] = createSignal<string>()
  const [answers, setAnswers] = createSignal<Record<string, string>>({})
  const [error, setError] = createSignal<string>()
  const [pending, setPending] = createSignal(false)
  const options = createAsync(async () => (clientId() ? getBookingOptions(clientId()) : undefined))
  const person = createMemo(() => options()?.people.find((p) => p.id === personId()))
  const choice = createMemo(() => person()?.types.find((x) => x.typeId === typeId()))
  const type = createMemo(() => types().find((x) => x.id === typeId()))
  const placeholder = { value: '', label: t('appointments.forClient.choose') }
  // Each choice starts the later ones anew.
  const chooseClient = (value: string) => (setClientId(value), choosePerson(''))
  const choosePerson = (value: string) => (setPersonId(value), chooseType(''))
  const chooseType = (value: string) => (setTypeId(value), setProjectId(''), setStartsAt(undefined), setAnswers({}))

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (!startsAt()) return setError(t('appointments.forClient.chooseSlot'))
    setPending(true)
    setError(undefined)
    try {
      const input = { clientId: clientId(), personId: personId(), typeId: typeId(), projectId: choice()?.projectId ?? (projectId() || null), startsAt: startsAt()!, answers: answers() }
      props.onBooked(await bookForClient(input))
    } catch (err) {
      setError(appointmentErrorText(err))
    } finally {
      setPending(false)
    }
  }
  return (
    <form class="form book-for-client" onSubmit={submit} noValidate>
      <Show when={error()}>{(e) => <Alert tone="error">{e()}</Alert>}</Show>
      <SelectField id="for-client" label={t('appointments.forClient.client')} value={clientId()} options={[placeholder, ...clients().map((c) => ({ value: c.id, label: `${c.name} (${c.number})` }))]} onChange={chooseClient} />
      <Show when={options()}>
        {(o) => (
          <Show when={o().people.length > 0} fallback={<p class="muted">{t('appointments.forClient.noPeople')}</p>}>
            <SelectField id="for-person" label={t('appointments.forClient.person')} value={personId()} options={[placeholder, ...o().people.map((p) => ({ value: p.id, label: p.name }))]} onChange={choosePerson} />
          </Show>
        )}
      </Show>
      <Show when={person()}>
        {(p) => (
          <SelectField
            id="for-type"
            label={t('appointments.forClient.type')}
            value={typeId()}
            options={[
              placeholder,
              ...p().types.flatMap((x) => types().filter((y) => y.id === x.typeId).map((y) => ({ value: y.id, label: y.staffName ? `${typeName(y)} – ${y.staffName}` : typeName(y) }))),
            ]}
            onChange={chooseType}
          />
        )}
      </Show>
      <Show when={type() && choice()}>
        <Show
          when={choice()!.projectId}
          fallback={
            <Show when={(options()?.projects.length ?? 0) > 0}>
              <SelectField
                id="for-project"
                label={t('appointments.forClient.project')}
                value={projectId()}
                options={[{ value: '', label: t('appointments.forClient.noProject') }, ...options()!.projects.map((x) => ({ value: x.id, label: x.name }))]}
                onChange={setProjectId}
              />
            </Show>
          }
        >
          {(fixed) => <p class="form__note">{t('appointments.forClient.projectOfType', { project: options()?.projects.find((x) => x.id === fixed())?.name ?? '' })}</p>}
        </Show>
        <fieldset class="book-for-client__slots">
          <legend class="field__label">{t('appointments.forClient.slot')}</legend>
          <SlotPicker typeId={typeId()} chosen={startsAt()} onChoose={setStartsAt} firm />
        </fieldset>
        <Show when={startsAt()}>{(s) => <p class="booking-chosen">{t('appointments.book.chosen', { when: when(s()) })}</p>}</Show>
        <IntakeAnswers questions={type()!.questions.map((q) => ({ ...q, required: false }))} answers={answers()} onChange={setAnswers} note={t('appointments.forClient.answers')} />
      </Show>
      <div class="form__actions">
        <SubmitButton pending={pending()}>{t('appointments.forClient.submit')}</SubmitButton>
      </div>
    </form>
  )
}
