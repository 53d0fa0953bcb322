import { createSignal, createUniqueId, For, Show } from 'solid-js'
import { AlertIcon } from '../../../components/icons'
import { t } from '../../../i18n'
import { matchPeople, mentionAt } from '../mentions'
import type { FolderPerson } from '../queries'

type MentionFieldProps = {
  id: string
  label: string
  value: string
  onInput: (value: string) => void
  /** People who can be mentioned (the folder's audience, without oneself). */
  people: FolderPerson[]
  hint?: string
  error?: string
  rows?: number
  /** Ctrl/Cmd+Enter: send without reaching for the button. */
  onSubmit?: () => void
  ref?: (element: HTMLTextAreaElement) => void
}

/**
 * A comment field in which "@" suggests the people of the folder's audience: arrow keys move,
 * Enter or Tab takes the name, Escape closes the list; a click works as well. The text keeps
 * "@Name"; the thread turns known names into mentions when sending.
 */
export function MentionField(props: MentionFieldProps) {
  const listId = createUniqueId()
  const [typed, setTyped] = createSignal<{ start: number; query: string; caret: number } | null>(
    null,
  )
  const [active, setActive] = createSignal(0)
  let area: HTMLTextAreaElement | undefined

  const matches = () => {
    const current = typed()
    return current ? matchPeople(props.people, current.query) : []
  }
  const open = () => matches().length > 0
  const optionId = (index: number) => `${listId}-${index}`

  function look() {
    if (!area) return
    const found = mentionAt(area.value, area.selectionStart ?? area.value.length)
    setTyped(found ? { ...found, caret: area.selectionStart ?? area.value.length } : null)
    setActive(0)
  }

  function take(person: FolderPerson) {
    const current = typed()
    if (!current || !area) return
    const inserted = `@${person.displayName} `
    const next = props.value.slice(0, current.start) + inserted + props.value.slice(current.caret)
    props.onInput(next)
    area.value = next
    const caret = current.start + inserted.length
    area.setSelectionRange(caret, caret)
    area.focus()
    setTyped(null)
  }

  function keyDown(event: KeyboardEvent) {
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter' && props.onSubmit) {
      event.preventDefault()
      return props.onSubmit()
    }
    if (!open()) return
    const count = matches().length
    if (event.key === 'ArrowDown') {
      event.preventDefault()
      setActive((active() + 1) % count)
    } else if (event.key === 'ArrowUp') {
      event.preventDefault()
      setActive((active() - 1 + count) % count)
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault()
      take(matches()[active()]!)
    } else if (event.key === 'Escape') {
      // Close the list only; the dialog around (if any) stays open.
      event.preventDefault()
      event.stopPropagation()
      setTyped(null)
    }
  }

  const describedBy = () =>
    [props.error ? `${props.id}-error` : '', props.hint ? `${props.id}-hint` : '']
      .filter(Boolean)
      .join(' ') || undefined

  return (
    <div class="field mention-field" classList={{ 'field--invalid': Boolean(props.error) }}>
      <label class="field__label" for={props.id}>
        {props.label}
      </label>
      <Show when={props.hint}>
        <p id={`${props.id}-hint`} class="field__hint">
          {props.hint}
        </p>
      </Show>
      <Show when={props.error}>
        <p id={`${props.id}-error`} class="field__error">
          <AlertIcon class="icon field__error-icon" />
          <span>{props.error}</span>
        </p>
      </Show>
      <div class="mention-field__control">
        <textarea
          ref={(element) => {
            area = element
            props.ref?.(element)
          }}
          id={props.id}
          name={props.id}
          class="field__input field__textarea"
          rows={props.rows ?? 3}
          maxlength={10_000}
          value={props.value}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={describedBy()}
          aria-autocomplete="list"
          aria-expanded={open() ? 'true' : 'false'}
          aria-controls={open() ? listId : undefined}
          aria-activedescendant={open() ? optionId(active()) : undefined}
          onInput={(event) => {
            props.onInput(event.currentTarget.value)
            look()
          }}
          onKeyDown={keyDown}
          onKeyUp={(event) => {
            if (['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) look()
          }}
          onClick={look}
          onBlur={() => setTyped(null)}
        />
        <Show when={open()}>
          <ul
            id={listId}
            class="mention-list"
            role="listbox"
            aria-label={t('folders.comments.mention.listLabel')}
          >
            <For each={matches()}>
              {(person, index) => (
                <li
                  id={optionId(index())}
                  role="option"
                  class="mention-list__option"
                  classList={{ 'mention-list__option--active': index() === active() }}
                  aria-selected={index() === active()}
                  // mousedown, not click: the textarea must keep its focus (and the list).
                  onMouseDown={(event) => {
                    event.preventDefault()
                    take(person)
                  }}
                  onMouseEnter={() => setActive(index())}
                >
                  <span class="mention-list__avatar" aria-hidden="true">
                    {initials(person.displayName)}
                  </span>
                  <span class="mention-list__name">{person.displayName}</span>
                  <Show when={person.kind === 'staff'}>
                    <span class="badge">{t('folders.comments.firm')}</span>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
        <p class="visually-hidden" aria-live="polite">
          {open()
            ? matches().length === 1
              ? t('folders.comments.mention.countOne')
              : t('folders.comments.mention.count', { count: matches().length })
            : ''}
        </p>
      </div>
    </div>
  )
}

/** "Dr. Anna Berger" → "AB": the first letters of the first and last word (titles skipped). */
export function initials(name: string): string {
  const words = name.split(/\s+/).filter((word) => word && !word.endsWith('.'))
  const letters = words.length > 1 ? [words[0]!, words.at(-1)!] : words
  return letters.map((word) => word[0]!.toLocaleUpperCase('de')).join('') || '?'
}
