import type { JSX } from 'solid-js'

type SubmitButtonProps = {
  pending: boolean
  children: JSX.Element
}

/** The form's primary button; while the request runs it shows a spinner and ignores clicks. */
export function SubmitButton(props: SubmitButtonProps) {
  return (
    <button
      type="submit"
      class="button button--primary button--block"
      classList={{ 'button--pending': props.pending }}
      aria-disabled={props.pending ? 'true' : undefined}
    >
      <span class="button__spinner" aria-hidden="true" />
      <span>{props.children}</span>
    </button>
  )
}
