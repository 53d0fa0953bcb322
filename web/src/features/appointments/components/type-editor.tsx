import { createAsync, useAction } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { CheckboxField } from '../../../components/checkbox-field'
import { SelectField } from '../../../components/select-field'
import { SubmitButton } from '../../../components/submit-button'
import { TextAreaField } from '../../../components/textarea-field'
import { TextField } from '../../../components/text-field'
import { t } from '../../../i18n'
import { getClients } from '../../clients/queries'
import { getProjects } from '../../projects/queries'
import { appointmentErrorText } from '../errors'
import { getStaff, saveType, type AppointmentType, type Question, type TypeInput } from '../queries'

const EMPTY: TypeInput = {
  nameDe: '', nameEn: '', descriptionDe: '', descriptionEn: '', durationMinutes: 45, location: 'office', locationDetail: '',
  bufferBeforeMinutes: 0, bufferAfterMinutes: 15, noticeHours: 24, noticeNotSameDay: false, horizonDays: 60, dailyCap: null,
  audience: 'all_clients', clientIds: [], projectId: null, questions: [], requiresConfirmation: false, cutoffHours: 24, active: true,
}

/** The form for one kind of appointment (new or existing): names, time rules, who may book, questions. */
export function TypeEditor(props: { type?: AppointmentType; isAdmin: boolean; me: string; onDone: () => void }) {
  const initial: TypeInput = props.type ? { ...props.type } : { ...EMPTY, staffId: props.me }
  const [v, setV] = createSignal<TypeInput>(initial)
  const [error, setError] = createSignal<string>()
  const [pending, setPending] = createSignal(false)
  const save = useAction(saveType)
  const staff = createAsync(() => (props.isAdmin ? getStaff() : Promise.resolve([])), { initialValue: [] })
  const clients = createAsync(() => getClients().catch(() => []), { initialValue: [] })
  const set = <K extends keyof TypeInput>(key: K, value: TypeInput[K]) => setV({ ...v(), [key]: value })
  const num = (key: 'durationMinutes' | 'bufferBeforeMinutes' | 'bufferAfterMinutes' | 'noticeHours' | 'horizonDays' | 'cutoffHours') => (value: string) =>
    set(key, Number(value.replace(/\D/g, '')) || 0)
  const setQuestion = (i: number, q: Partial<Question>) => set('questions', v().questions.map((x, j) => (j === i ? { ...x, ...q } : x)))

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    setPending(true)
    setError(undefined)
    try {
      const { staffId, ...rest } = v()
      const body = { ...rest, ...(props.type ? {} : { staffId }), projectId: rest.audience === 'project' ? rest.projectId : null, clientIds: rest.audience === 'chosen_clients' ? rest.clientIds : [] }
      await save(props.type?.id ?? null, body as TypeInput)
      props.onDone()
    } catch (err) {
      setError(appointmentErrorText(err))
    } finally {
      setPending(false)
    }
  }

  return (
    <form class="form type-editor" onSubmit={submit} noValidate>
      <Show when={error()}>{(e) => <Alert tone="error">{e()}</Alert>}</Show>
      <div class="form-grid">
        <TextField id="type-name-de" label={t('appointments.types.nameDe')} value={v().nameDe} onInput={(x) => set('nameDe', x)} maxLength={200} />
        <TextField id="type-name-en" label={t('appointments.types.nameEn')} value={v().nameEn} onInput={(x) => set('nameEn', x)} maxLength={200} />
        <TextAreaField id="type-description-de" label={t('appointments.types.descriptionDe')} value={v().descriptionDe} onInput={(x) => set('descriptionDe', x)} optional rows={2} />
        <TextAreaField id="type-description-en" label={t('appointments.types.descriptionEn')} value={v().descriptionEn} onInput={(x) => set('descriptionEn', x)} optional rows={2} />
      </div>
      <Show when={props.isAdmin && !props.type && staff().length > 0}>
        <SelectField id="type-staff" label={t('appointments.types.staff')} value={v().staffId ?? props.me} options={staff().map((s) => ({ value: s.id, label: s.displayName }))} onChange={(x) => set('staffId', x)} />
      </Show>
      <div class="form-grid form-grid--narrow">
        <TextField id="type-duration" label={t('appointments.types.duration')} value={String(v().durationMinutes)} onInput={num('durationMinutes')} inputMode="numeric" />
        <SelectField
          id="type-location"
          label={t('appointments.types.location')}
          value={v().location}
          options={(['office', 'phone', 'video'] as const).map((x) => ({ value: x, label: t(`appointments.location.${x}`) }))}
          onChange={(x) => set('location', x as TypeInput['location'])}
        />
        <TextField id="type-buffer-before" label={t('appointments.types.bufferBefore')} value={String(v().bufferBeforeMinutes)} onInput={num('bufferBeforeMinutes')} inputMode="numeric" />
        <TextField id="type-buffer-after" label={t('appointments.types.bufferAfter')} value={String(v().bufferAfterMinutes)} onInput={num('bufferAfterMinutes')} inputMode="numeric" />
        <TextField id="type-notice" label={t('appointments.types.notice')} value={String(v().noticeHours)} onInput={num('noticeHours')} inputMode="numeric" />
        <TextField id="type-horizon" label={t('appointments.types.horizon')} value={String(v().horizonDays)} onInput={num('horizonDays')} inputMode="numeric" />
        <TextField
          id="type-cap"
          label={t('appointments.types.dailyCap')}
          value={v().dailyCap === null ? '' : String(v().dailyCap)}
          onInput={(x) => set('dailyCap', x.replace(/\D/g, '') ? Number(x.replace(/\D/g, '')) : null)}
          inputMode="numeric"
        />
        <TextField id="type-cutoff" label={t('appointments.types.cutoff')} value={String(v().cutoffHours)} onInput={num('cutoffHours')} inputMode="numeric" />
      </div>
      <TextField id="type-location-detail" label={t('appointments.types.locationDetail')} value={v().locationDetail} onInput={(x) => set('locationDetail', x)} maxLength={500} />
      <CheckboxField id="type-not-same-day" label={t('appointments.types.notSameDay')} checked={v().noticeNotSameDay} onChange={(x) => set('noticeNotSameDay', x)} />
      <CheckboxField id="type-confirmation" label={t('appointments.types.requiresConfirmation')} checked={v().requiresConfirmation} onChange={(x) => set('requiresConfirmation', x)} />
      <CheckboxField id="type-active" label={t('appointments.types.active')} checked={v().active} onChange={(x) => set('active', x)} />
      <SelectField
        id="type-audience"
        label={t('appointments.types.audience')}
        value={v().audience}
        options={[
          { value: 'all_clients', label: t('appointments.types.audienceAll') },
          { value: 'chosen_clients', label: t('appointments.types.audienceChosen') },
          { value: 'project', label: t('appointments.types.audienceProject') },
        ]}
        onChange={(x) => set('audience', x as TypeInput['audience'])}
      />
      <Show when={v().audience === 'chosen_clients'}>
        <fieldset class="form__group">
          <legend class="form__legend">{t('appointments.types.clients')}</legend>
          <For each={clients()}>
            {(c) => (
              <CheckboxField
                id={`type-client-${c.id}`}
                label={c.name}
                checked={v().clientIds.includes(c.id)}
                onChange={(on) => set('clientIds', on ? [...v().clientIds, c.id] : v().clientIds.filter((x) => x !== c.id))}
              />
            )}
          </For>
        </fieldset>
      </Show>
      <Show when={v().audience === 'project'}>
        <ProjectChoice value={v().projectId} clients={clients()} onChange={(x) => set('projectId', x)} />
      </Show>
      <fieldset class="form__group">
        <legend class="form__legend">{t('appointments.types.questions')}</legend>
        <For each={v().questions}>
          {(q, i) => (
            <div class="question-row">
              <TextField id={`question-de-${i()}`} label={t('appointments.types.questionDe')} value={q.labelDe} onInput={(x) => setQuestion(i(), { labelDe: x })} maxLength={300} />
              <TextField id={`question-en-${i()}`} label={t('appointments.types.questionEn')} value={q.labelEn} onInput={(x) => setQuestion(i(), { labelEn: x })} maxLength={300} />
              <CheckboxField id={`question-required-${i()}`} label={t('appointments.types.questionRequired')} checked={q.required} onChange={(x) => setQuestion(i(), { required: x })} />
              <button type="button" class="link-button" onClick={() => set('questions', v().questions.filter((_, j) => j !== i()))}>
                {t('appointments.types.removeQuestion')}
              </button>
            </div>
          )}
        </For>
        <button
          type="button"
          class="button button--secondary button--small"
          onClick={() => set('questions', [...v().questions, { id: `q${Date.now().toString(36)}`, labelDe: '', labelEn: '', required: false }])}
        >
          {t('appointments.types.addQuestion')}
        </button>
      </fieldset>
      <div class="form__actions">
        <button type="button" class="button button--secondary" onClick={() => props.onDone()}>
          {t('appointments.types.cancel')}
        </button>
        <SubmitButton pending={pending()}>{t('appointments.types.save')}</SubmitButton>
      </div>
    </form>
  )
}

function ProjectChoice(props: { value: string | null; clients: { id: string; name: string }[]; onChange: (id: string) => void }) {
  const [client, setClient] = createSignal(props.clients[0]?.id ?? '')
  const projects = createAsync(async () => {
    if (!client()) return []
    return getProjects(client()).catch(() => [])
  }, { initialValue: [] })
  return (
    <div class="form-grid">
      <SelectField id="type-project-client" label={t('appointments.types.clients')} value={client()} options={props.clients.map((c) => ({ value: c.id, label: c.name }))} onChange={setClient} />
      <SelectField
        id="type-project"
        label={t('appointments.types.project')}
        value={props.value ?? ''}
        options={[{ value: '', label: '—' }, ...projects().map((p: { id: string; name: string }) => ({ value: p.id, label: p.name }))]}
        onChange={props.onChange}
      />
    </div>
  )
}
