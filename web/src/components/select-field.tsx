import { For, Show } from 'solid-js'
import { AlertIcon } from './icons'

type SelectFieldProps = {
  id: string
  label: string
  value: string
  options: readonly { value: string; label: string; lang?: string }[]
  onChange: (value: string) => void
  error?: string
  ref?: (element: HTMLSelectElement) => void
}

/** A labelled native select (best on phones), with its error tied to it like TextField. */
export function SelectField(props: SelectFieldProps) {
  const errorId = () => `${props.id}-error`
  return (
    <div class="field" classList={{ 'field--invalid': Boolean(props.error) }}>
      <label class="field__label" for={props.id}>
        {props.label}
      </label>
      <Show when={props.error}>
        <p id={errorId()} class="field__error">
          <AlertIcon class="icon field__error-icon" />
          <span>{props.error}</span>
        </p>
      </Show>
      <div class="field__control field__control--select">
        <select
          ref={props.ref}
          id={props.id}
          name={props.id}
          class="field__input field__select"
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={props.error ? errorId() : undefined}
          onChange={(event) => props.onChange(event.currentTarget.value)}
        >
          <For each={props.options}>
            {(option) => (
              <option
                value={option.value}
                lang={option.lang}
                selected={option.value === props.value}
              >
                {option.label}
              </option>
            )}
          </For>
        </select>
      </div>
    </div>
  )
}
