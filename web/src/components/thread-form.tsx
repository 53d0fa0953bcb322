import { createSignal, Show, type JSX } from 'solid-js'
import { toApiError, type ApiError } from '../lib/api'
import { requestIdText } from '../lib/error-message'
import { Alert } from './alert'

/**
 * A thread's answer box state: the draft, "write something" at the field (and focus back to it),
 * the pending send and a refusal. `send` gets the trimmed draft; the draft empties once sent.
 */
export function createThreadDraft(bodyMissing: () => string) {
  const [draft, setDraft] = createSignal('')
  const [error, setError] = createSignal('')
  const [failure, setFailure] = createSignal<ApiError>()
  const [pending, setPending] = createSignal(false)
  let field: HTMLTextAreaElement | undefined

  async function submit(send: (body: string) => Promise<void>, event?: SubmitEvent) {
    event?.preventDefault()
    if (pending()) return
    if (!draft().trim()) {
      setError(bodyMissing())
      field?.focus()
      return
    }
    setPending(true)
    setFailure(undefined)
    try {
      await send(draft().trim())
      setDraft('')
    } catch (thrown) {
      setFailure(toApiError(thrown))
    } finally {
      setPending(false)
    }
  }

  return {
    draft,
    error,
    failure,
    setFailure,
    pending,
    submit,
    /** Typing takes back the "write something" error. */
    input(value: string) {
      setDraft(value)
      setError('')
    },
    ref(element: HTMLTextAreaElement) {
      field = element
    },
  }
}

type ThreadFormProps = {
  state: ReturnType<typeof createThreadDraft>
  class: string
  submitLabel: string
  failureText: (problem: ApiError) => string
  onSubmit: (event?: SubmitEvent) => void
  onKeyDown?: (event: KeyboardEvent) => void
  /** The field and what goes with it (attachments), above a refusal and the send button. */
  children: JSX.Element
}

/** The form under a thread: its fields, a refusal, and the send button (pending while sending). */
export function ThreadForm(props: ThreadFormProps) {
  return (
    <form class={props.class} novalidate onSubmit={(event) => props.onSubmit(event)} onKeyDown={(event) => props.onKeyDown?.(event)}>
      {props.children}
      <Show when={props.state.failure()}>
        {(problem) => (
          <Alert tone="error" detail={requestIdText(problem())}>
            {props.failureText(problem())}
          </Alert>
        )}
      </Show>
      <div class="comment-form__actions">
        <button
          type="submit"
          class="button button--primary"
          classList={{ 'button--pending': props.state.pending() }}
          aria-disabled={props.state.pending() ? 'true' : undefined}
        >
          <span class="button__spinner" aria-hidden="true" />
          <span>{props.submitLabel}</span>
        </button>
      </div>
    </form>
  )
}
