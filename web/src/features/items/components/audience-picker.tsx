import { For, Show, type JSX } from 'solid-js'
import { CheckboxField } from '../../../components/checkbox-field'
import { AlertIcon, LockIcon } from '../../../components/icons'
import { BuildingIcon, FolderIcon, PersonIcon } from '../../../components/object-icons'
import { SelectField } from '../../../components/select-field'
import { t } from '../../../i18n'
import type { Project } from '../../projects/queries'
import type { ClientAudience } from '../queries'

export type AudienceValue = {
  kind: ClientAudience
  projectId: string | null
  recipients: string[]
}

/** Someone who can be named: a member of the client, or a participant of the chosen project. */
export type Candidate = { accountId: string; displayName: string; outside: boolean }

type AudiencePickerProps = {
  clientName: string
  value: AudienceValue
  projects: Project[]
  /** Editing: the project of a page cannot change (only its audience); null: it has none. */
  lockedProject?: Project | null
  candidates: Candidate[]
  errors: { project?: string; recipients?: string }
  onChange: (next: AudienceValue) => void
  /** The audiences offered (default: all four); e.g. folders are never firm-internal. */
  kinds?: readonly ClientAudience[]
  /** The question above the choice (default: about a page). */
  legend?: string
  /** Why "Alle im Projekt" is not possible yet (default: about a page). */
  projectNoneHint?: string
}

const KINDS: ClientAudience[] = ['client', 'project', 'people', 'internal']

const ICONS: Record<ClientAudience, () => JSX.Element> = {
  client: () => <BuildingIcon />,
  project: () => <FolderIcon />,
  people: () => <PersonIcon />,
  internal: () => <LockIcon />,
}

/**
 * Who will see the page: the whole client, one project, named people (the client's members and
 * the project's participants), or only the firm. Nothing is inherited: the choice is explicit.
 */
export function AudiencePicker(props: AudiencePickerProps) {
  const set = (change: Partial<AudienceValue>) => props.onChange({ ...props.value, ...change })
  const projectPossible = () => Boolean(props.value.projectId)
  const hint = (kind: ClientAudience) =>
    kind === 'client'
      ? t('audiencePicker.hint.client', { name: props.clientName })
      : kind === 'project' && !projectPossible()
        ? (props.projectNoneHint ?? t('audiencePicker.hint.projectNone'))
        : t(`audiencePicker.hint.${kind}`)
  const toggle = (accountId: string, checked: boolean) =>
    set({
      recipients: checked
        ? [...props.value.recipients, accountId]
        : props.value.recipients.filter((id) => id !== accountId),
    })

  return (
    <fieldset class="audience-picker">
      <legend class="audience-picker__legend">{props.legend ?? t('audiencePicker.legend')}</legend>
      <Show
        when={props.lockedProject === undefined}
        fallback={
          <Show when={props.lockedProject}>
            {(project) => (
              <p class="audience-picker__locked">
                <FolderIcon />
                <span>{t('audiencePicker.lockedProject', { name: project().name })}</span>
              </p>
            )}
          </Show>
        }
      >
        <Show when={props.projects.length > 0}>
          <SelectField
            id="audience-project"
            label={t('audiencePicker.project')}
            value={props.value.projectId ?? ''}
            options={[
              { value: '', label: t('audiencePicker.noProject') },
              ...props.projects.map((project) => ({ value: project.id, label: project.name })),
            ]}
            error={props.errors.project}
            onChange={(value) => {
              const projectId = value || null
              // Without a project, "Alle im Projekt" falls back to the whole client.
              const lost = !projectId && props.value.kind === 'project'
              set({ projectId, kind: lost ? 'client' : props.value.kind })
            }}
          />
        </Show>
      </Show>
      <div class="audience-picker__options">
        <For each={props.kinds ?? KINDS}>
          {(kind) => (
            <label
              class="audience-option"
              classList={{ 'audience-option--disabled': kind === 'project' && !projectPossible() }}
            >
              <input
                type="radio"
                name="audience"
                class="audience-option__input"
                value={kind}
                checked={props.value.kind === kind}
                disabled={kind === 'project' && !projectPossible()}
                onChange={() => set({ kind })}
              />
              <span class="audience-option__icon" aria-hidden="true">
                {ICONS[kind]()}
              </span>
              <span class="audience-option__text">
                <span class="audience-option__title">{t(`audiencePicker.kind.${kind}`)}</span>
                <span class="audience-option__hint">{hint(kind)}</span>
              </span>
            </label>
          )}
        </For>
      </div>

      <Show when={props.value.kind === 'people'}>
        <fieldset class="form__group audience-picker__people">
          <legend class="field__label">{t('audiencePicker.people')}</legend>
          <Show when={props.errors.recipients}>
            <p class="field__error">
              <AlertIcon class="icon field__error-icon" />
              <span>{props.errors.recipients}</span>
            </p>
          </Show>
          <Show
            when={props.candidates.length > 0}
            fallback={<p class="muted">{t('audiencePicker.noPeople')}</p>}
          >
            <div class="audience-picker__grid">
              <For each={props.candidates}>
                {(person) => (
                  <CheckboxField
                    id={`recipient-${person.accountId}`}
                    label={person.displayName}
                    hint={person.outside ? t('audiencePicker.outside') : undefined}
                    checked={props.value.recipients.includes(person.accountId)}
                    onChange={(checked) => toggle(person.accountId, checked)}
                  />
                )}
              </For>
            </div>
          </Show>
        </fieldset>
      </Show>
    </fieldset>
  )
}
