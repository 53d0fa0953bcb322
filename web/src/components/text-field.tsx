import { Show, type JSX } from 'solid-js'
import { AlertIcon } from './icons'

export type TextFieldProps = {
  id: string
  label: string
  value: string
  onInput: (value: string) => void
  onBlur?: () => void
  type?: 'text' | 'email' | 'password'
  autocomplete?: string
  hint?: string
  /** The error sentence; marks the field invalid and is read with it (aria-describedby). */
  error?: string
  /** Further ids that describe the input, e.g. live password feedback below it. */
  describedBy?: string
  spellcheck?: boolean
  /** The phone keyboard to show, e.g. 'numeric' for one-time codes. */
  inputMode?: 'numeric' | 'text' | 'email'
  maxLength?: number
  /** 'code': large, spaced digits for one-time and recovery codes. */
  variant?: 'code'
  ref?: (element: HTMLInputElement) => void
  /** A control inside the field's frame, e.g. "show password". */
  action?: JSX.Element
  /** Content below the input, e.g. a strength meter. */
  children?: JSX.Element
}

/**
 * A labelled input with hint and error text tied to it: label, hint, error (GOV.UK order, so the
 * error is seen before typing again), then the input.
 */
export function TextField(props: TextFieldProps) {
  const hintId = () => `${props.id}-hint`
  const errorId = () => `${props.id}-error`
  const describedBy = () =>
    [props.error ? errorId() : '', props.hint ? hintId() : '', props.describedBy ?? '']
      .filter(Boolean)
      .join(' ') || undefined

  return (
    <div class="field" classList={{ 'field--invalid': Boolean(props.error) }}>
      <label class="field__label" for={props.id}>
        {props.label}
      </label>
      <Show when={props.hint}>
        <p id={hintId()} class="field__hint">
          {props.hint}
        </p>
      </Show>
      <Show when={props.error}>
        <p id={errorId()} class="field__error">
          <AlertIcon class="icon field__error-icon" />
          <span>{props.error}</span>
        </p>
      </Show>
      <div
        class="field__control"
        classList={{ 'field__control--with-action': Boolean(props.action) }}
      >
        <input
          ref={props.ref}
          id={props.id}
          name={props.id}
          class="field__input"
          classList={{ 'field__input--code': props.variant === 'code' }}
          type={props.type ?? 'text'}
          inputmode={props.inputMode}
          maxlength={props.maxLength}
          value={props.value}
          autocomplete={props.autocomplete}
          spellcheck={props.spellcheck}
          required
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={describedBy()}
          onInput={(event) => props.onInput(event.currentTarget.value)}
          onBlur={() => props.onBlur?.()}
        />
        {props.action}
      </div>
      {props.children}
    </div>
  )
}
