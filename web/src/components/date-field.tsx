import { Show } from 'solid-js'
import { AlertIcon } from './icons'

type DateFieldProps = {
  id: string
  label: string
  /** yyyy-mm-dd or '' for none. */
  value: string
  onInput: (value: string) => void
  hint?: string
  error?: string
  min?: string
  max?: string
  ref?: (element: HTMLInputElement) => void
}

/** An optional date (the browser's own date picker), laid out like TextField. */
export function DateField(props: DateFieldProps) {
  const describedBy = () =>
    [props.error ? `${props.id}-error` : '', props.hint ? `${props.id}-hint` : '']
      .filter(Boolean)
      .join(' ') || undefined
  return (
    <div class="field" classList={{ 'field--invalid': Boolean(props.error) }}>
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
      <input
        ref={props.ref}
        id={props.id}
        name={props.id}
        type="date"
        class="field__input field__input--date"
        value={props.value}
        min={props.min}
        max={props.max}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy()}
        onInput={(event) => props.onInput(event.currentTarget.value)}
      />
    </div>
  )
}
