import {
  createEffect,
  createSignal,
  createUniqueId,
  For,
  Match,
  onCleanup,
  Show,
  Switch,
} from 'solid-js'
import { t } from '../i18n'
import { LockIcon } from './icons'
import { BuildingIcon, FolderIcon, LayersIcon, PersonIcon } from './object-icons'

export type AudienceKind = 'client' | 'project' | 'people' | 'internal' | 'group'

/** Who can see an item, with whatever names the page knows (missing ones read generically). */
export type AudienceView = {
  kind: AudienceKind
  clientName?: string | null
  projectName?: string | null
  groupName?: string | null
  recipients?: { id: string; displayName: string }[] | null
}

/** The chip's text: "Alle bei Alpha GmbH", "Projekt: …", "3 Personen: …", … */
export function audienceLabel(audience: AudienceView): string {
  switch (audience.kind) {
    case 'client':
      return audience.clientName
        ? t('audience.client', { name: audience.clientName })
        : t('audience.clientPlain')
    case 'project':
      return audience.projectName
        ? t('audience.project', { name: audience.projectName })
        : t('audience.projectPlain')
    case 'group':
      return audience.groupName
        ? t('audience.group', { name: audience.groupName })
        : t('audience.groupPlain')
    case 'internal':
      return t('audience.internal')
    case 'people': {
      const people = audience.recipients
      if (!people) return t('audience.peoplePlain')
      if (people.length === 0) return t('audience.nobody')
      if (people.length === 1) return t('audience.person', { name: people[0]!.displayName })
      return t('audience.people', { count: people.length, name: people[0]!.displayName })
    }
  }
}

/** The sentence in the chip's panel that says what the audience means. */
function explanation(audience: AudienceView): string {
  switch (audience.kind) {
    case 'client':
      return t('audience.explain.client', { name: audience.clientName ?? t('audience.thisClient') })
    case 'project':
      return t('audience.explain.project', { name: audience.projectName ?? '' })
    case 'group':
      return t('audience.explain.group', { name: audience.groupName ?? '' })
    case 'internal':
      return t('audience.explain.internal')
    case 'people':
      return t('audience.explain.people')
  }
}

function AudienceIcon(props: { kind: AudienceKind }) {
  return (
    <Switch fallback={<BuildingIcon class="icon chip__icon" />}>
      <Match when={props.kind === 'project'}>
        <FolderIcon class="icon chip__icon" />
      </Match>
      <Match when={props.kind === 'people'}>
        <PersonIcon class="icon chip__icon" />
      </Match>
      <Match when={props.kind === 'internal'}>
        <LockIcon class="icon chip__icon" />
      </Match>
      <Match when={props.kind === 'group'}>
        <LayersIcon class="icon chip__icon" />
      </Match>
    </Switch>
  )
}

/**
 * "Who can see this" on every item: icon and short text; a press opens a small panel with what
 * the audience means and, for named people, every name. Closed by Escape or a click outside.
 */
export function AudienceChip(props: { audience: AudienceView }) {
  const panelId = createUniqueId()
  const [open, setOpen] = createSignal(false)
  let root: HTMLSpanElement | undefined
  let toggle: HTMLButtonElement | undefined

  createEffect(() => {
    if (!open()) return
    const onClick = (event: MouseEvent) => {
      if (root && !root.contains(event.target as Node)) setOpen(false)
    }
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return
      setOpen(false)
      toggle?.focus()
    }
    document.addEventListener('click', onClick)
    document.addEventListener('keydown', onKey)
    onCleanup(() => {
      document.removeEventListener('click', onClick)
      document.removeEventListener('keydown', onKey)
    })
  })

  return (
    <span class={`chip chip--${props.audience.kind}`} ref={root}>
      <button
        ref={toggle}
        type="button"
        class="chip__toggle"
        aria-expanded={open() ? 'true' : 'false'}
        aria-controls={panelId}
        onClick={() => setOpen(!open())}
      >
        <AudienceIcon kind={props.audience.kind} />
        <span class="visually-hidden">{t('audience.prefix')} </span>
        <span class="chip__text">{audienceLabel(props.audience)}</span>
      </button>
      <span id={panelId} class="chip__panel" hidden={!open()}>
        <span class="chip__explain">{explanation(props.audience)}</span>
        <Show when={props.audience.kind === 'people' && props.audience.recipients?.length}>
          <span class="chip__names" role="list">
            <For each={props.audience.recipients ?? []}>
              {(person) => (
                <span class="chip__name" role="listitem">
                  {person.displayName}
                </span>
              )}
            </For>
          </span>
        </Show>
      </span>
    </span>
  )
}
