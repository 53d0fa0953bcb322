import { Show } from 'solid-js'
import { AlertIcon } from './icons'

type TextAreaFieldProps = {
  id: string
  label: string
  value: string
  onInput: (value: string) => void
  hint?: string
  error?: string
  rows?: number
  maxLength?: number
  /** Optional input: not marked required for assistive technology. */
  optional?: boolean
  ref?: (element: HTMLTextAreaElement) => void
}

/** A labelled multi-line input in the same order as TextField: label, hint, error, input. */
export function TextAreaField(props: TextAreaFieldProps) {
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
      <textarea
        ref={props.ref}
        id={props.id}
        name={props.id}
        class="field__input field__textarea"
        rows={props.rows ?? 3}
        maxlength={props.maxLength}
        value={props.value}
        required={!props.optional}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy()}
        onInput={(event) => props.onInput(event.currentTarget.value)}
      />
    </div>
  )
}
