import { createSignal, Show, type JSX } from 'solid-js'
import { Alert } from './alert'
import { toApiError, type ApiError } from '../lib/api'
import { genericErrorText, requestIdText } from '../lib/error-message'
import { formatTime } from '../lib/format'

/** The words of one thread's entries (a request's messages, a folder's comments). */
export type ThreadEntryTexts = {
  firm: string
  at: (time: string) => string
  edited: string
  editedLabel: string
  deleted: string
  deletedAt: (time: string) => string
  editLabel: string
  bodyMissing: string
  gone: string
  cancel: string
  save: string
  actions: string
  edit: string
  delete: string
}

/** What an entry hands its edit field (a plain text area or the mention field). */
export type ThreadEditField = {
  id: string
  label: string
  value: string
  onInput: (value: string) => void
  error: string
  /** Ctrl/Cmd+Enter in the field saves (where the field supports it). */
  onSubmit: () => void
  ref: (element: HTMLTextAreaElement) => void
}

type ThreadEntryProps = {
  id: string
  /** The author as shown: "Sie", their name, or a stand-in. */
  author: string
  /** The avatar's letters. */
  initials: string
  fromFirm: boolean
  mine: boolean
  /** Bearbeiten and Löschen are offered (the author, where they may still write). */
  mayChange: boolean
  createdAt: string
  editedAt: string | null
  deletedAt: string | null
  body: string | null
  texts: ThreadEntryTexts
  /** Extra classes of the list item beside comment, comment--deleted and comment--mine. */
  classList?: Record<string, boolean>
  /** The entry's text as read (mentions resolved where the thread has them). */
  text: (body: string) => JSX.Element
  /** The text the editor starts with. */
  draftOf: (body: string) => string
  field: (field: ThreadEditField) => JSX.Element
  /** Saves the trimmed draft; throws ApiError when refused. */
  save: (draft: string) => Promise<unknown>
  onHistory: () => void
  onDelete: () => void
  /** Below the text, above the actions (a message's attachments). */
  attachments?: JSX.Element
  /** Below everything, shown for deleted entries too (who has read a message). */
  footer?: JSX.Element
  /** Attributes of the list item (data-*). */
  attributes?: Record<`data-${string}`, string>
}

/**
 * One entry of a thread: avatar, author and time, "bearbeitet" (opens the history) after an edit,
 * the text, and for its author Bearbeiten and Löschen with an inline editor. A deleted entry is a
 * tombstone without text.
 */
export function ThreadEntry(props: ThreadEntryProps) {
  const [editing, setEditing] = createSignal(false)
  const [draft, setDraft] = createSignal('')
  const [error, setError] = createSignal('')
  const [failure, setFailure] = createSignal<ApiError>()
  const [pending, setPending] = createSignal(false)

  function startEditing() {
    setDraft(props.draftOf(props.body ?? ''))
    setError('')
    setFailure(undefined)
    setEditing(true)
  }

  async function submit() {
    if (pending()) return
    if (!draft().trim()) return void setError(props.texts.bodyMissing)
    setPending(true)
    setFailure(undefined)
    try {
      await props.save(draft().trim())
      setEditing(false)
    } catch (thrown) {
      setFailure(toApiError(thrown))
    } finally {
      setPending(false)
    }
  }

  return (
    <li
      {...props.attributes}
      class="comment"
      classList={{
        'comment--deleted': Boolean(props.deletedAt),
        'comment--mine': props.mine,
        ...props.classList,
      }}
    >
      <span
        class="comment__avatar"
        classList={{ 'comment__avatar--firm': props.fromFirm }}
        aria-hidden="true"
      >
        {props.initials}
      </span>
      <div class="comment__main">
        <p class="comment__head">
          <span class="comment__author">{props.author}</span>
          <Show when={props.fromFirm}>
            <span class="badge">{props.texts.firm}</span>
          </Show>
          <time class="comment__time" datetime={props.createdAt}>
            {props.texts.at(formatTime(props.createdAt, 'dateTime'))}
          </time>
          <Show when={props.editedAt && !props.deletedAt}>
            <button
              type="button"
              class="comment__edited"
              aria-label={props.texts.editedLabel}
              onClick={() => props.onHistory()}
            >
              {props.texts.edited}
            </button>
          </Show>
        </p>
        <Show
          when={!props.deletedAt}
          fallback={
            <p class="comment__tombstone">
              <span>{props.texts.deleted}</span>
              <span class="comment__time">
                {' · '}
                {props.texts.deletedAt(formatTime(props.deletedAt, 'dateTime'))}
              </span>
            </p>
          }
        >
          <Show when={editing()} fallback={props.text(props.body ?? '')}>
            <div class="comment__editor">
              {props.field({
                id: `edit-${props.id}`,
                get label() {
                  return props.texts.editLabel
                },
                get value() {
                  return draft()
                },
                onInput: (value) => {
                  setDraft(value)
                  setError('')
                },
                get error() {
                  return error()
                },
                onSubmit: () => void submit(),
                ref: (element) => queueMicrotask(() => element.focus()),
              })}
              <Show when={failure()}>
                {(problem) => (
                  <Alert tone="error" detail={requestIdText(problem())}>
                    {problem().code === 'not_found' ? props.texts.gone : genericErrorText(problem())}
                  </Alert>
                )}
              </Show>
              <div class="comment__buttons">
                <button
                  type="button"
                  class="button button--secondary button--small"
                  onClick={() => setEditing(false)}
                >
                  {props.texts.cancel}
                </button>
                <button
                  type="button"
                  class="button button--primary button--small"
                  classList={{ 'button--pending': pending() }}
                  aria-disabled={pending() ? 'true' : undefined}
                  onClick={() => void submit()}
                >
                  <span class="button__spinner" aria-hidden="true" />
                  <span>{props.texts.save}</span>
                </button>
              </div>
            </div>
          </Show>
          {props.attachments}
          <Show when={props.mayChange && !editing()}>
            <div class="comment__actions" role="group" aria-label={props.texts.actions}>
              <button type="button" class="link-button" onClick={startEditing}>
                {props.texts.edit}
              </button>
              <button
                type="button"
                class="link-button comment__delete"
                onClick={() => props.onDelete()}
              >
                {props.texts.delete}
              </button>
            </div>
          </Show>
        </Show>
        {props.footer}
      </div>
    </li>
  )
}
