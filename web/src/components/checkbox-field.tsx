import { Show } from 'solid-js'
import { AlertIcon } from './icons'

type CheckboxFieldProps = {
  id: string
  label: string
  checked: boolean
  onChange: (checked: boolean) => void
  hint?: string
  error?: string
  disabled?: boolean
  ref?: (element: HTMLInputElement) => void
}

/** A native checkbox with a large click target; hint and error are read with it. */
export function CheckboxField(props: CheckboxFieldProps) {
  const describedBy = () =>
    [props.error ? `${props.id}-error` : '', props.hint ? `${props.id}-hint` : '']
      .filter(Boolean)
      .join(' ') || undefined
  return (
    <div
      class="checkbox"
      classList={{ 'field--invalid': Boolean(props.error), 'checkbox--disabled': props.disabled }}
    >
      <Show when={props.error}>
        <p id={`${props.id}-error`} class="field__error">
          <AlertIcon class="icon field__error-icon" />
          <span>{props.error}</span>
        </p>
      </Show>
      <label class="checkbox__label" for={props.id}>
        <input
          ref={props.ref}
          id={props.id}
          name={props.id}
          type="checkbox"
          class="checkbox__input"
          checked={props.checked}
          disabled={props.disabled}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={describedBy()}
          onChange={(event) => props.onChange(event.currentTarget.checked)}
        />
        <span class="checkbox__text">{props.label}</span>
      </label>
      <Show when={props.hint}>
        <p id={`${props.id}-hint`} class="checkbox__hint">
          {props.hint}
        </p>
      </Show>
    </div>
  )
}
