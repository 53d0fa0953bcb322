import { useAction } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { DocumentIcon } from '../../../components/object-icons'
import { TextAreaField } from '../../../components/textarea-field'
import { t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import { formatTime } from '../../../lib/format'
import { CommentText } from '../../folders/components/comment-text'
import { initials } from '../../folders/components/mention-field'
import { fileUrl } from '../../folders/queries'
import { editMessage, type Message } from '../queries'

const NO_NAMES = new Map<string, string>()

type MessageEntryProps = {
  message: Message
  mine: boolean
  mayWrite: boolean
  /** Names of those who have read up to (at least) this message, for the last one. */
  readBy?: string[]
  onHistory: (messageId: string) => void
  onDelete: (messageId: string) => void
}

/**
 * One message of a thread (the comment layout of folders): author and time, "bearbeitet" (opens
 * the history), the text, its attachments as document links, and for its author Bearbeiten and
 * Löschen. A deleted message is a tombstone without text or attachments.
 */
export function MessageEntry(props: MessageEntryProps) {
  const save = useAction(editMessage)
  const [editing, setEditing] = createSignal(false)
  const [draft, setDraft] = createSignal('')
  const [error, setError] = createSignal('')
  const [failure, setFailure] = createSignal<ApiError>()
  const [pending, setPending] = createSignal(false)
  const author = () =>
    props.mine ? t('messages.thread.you') : (props.message.authorName ?? (props.message.authorIsStaff ? t('messages.thread.firm') : t('messages.thread.unknown')))

  async function submit() {
    if (pending()) return
    if (!draft().trim()) return void setError(t('messages.thread.bodyMissing'))
    setPending(true)
    setFailure(undefined)
    try {
      await save({ messageId: props.message.id, body: draft().trim() })
      setEditing(false)
    } catch (thrown) {
      setFailure(toApiError(thrown))
    } finally {
      setPending(false)
    }
  }

  return (
    <li
      class="comment msg"
      classList={{ 'comment--deleted': Boolean(props.message.deletedAt), 'comment--mine': props.mine, 'msg--firm': props.message.authorIsStaff }}
      data-message-id={props.message.id}
    >
      <span class="comment__avatar" classList={{ 'comment__avatar--firm': props.message.authorIsStaff }} aria-hidden="true">
        {initials(props.message.authorName ?? '?')}
      </span>
      <div class="comment__main">
        <p class="comment__head">
          <span class="comment__author">{author()}</span>
          <Show when={props.message.authorIsStaff}>
            <span class="badge">{t('messages.thread.firm')}</span>
          </Show>
          <time class="comment__time" datetime={props.message.createdAt}>
            {t('messages.thread.at', { time: formatTime(props.message.createdAt, 'dateTime') })}
          </time>
          <Show when={props.message.editedAt && !props.message.deletedAt}>
            <button type="button" class="comment__edited" aria-label={t('messages.thread.editedLabel')} onClick={() => props.onHistory(props.message.id)}>
              {t('messages.thread.edited')}
            </button>
          </Show>
        </p>
        <Show
          when={!props.message.deletedAt}
          fallback={
            <p class="comment__tombstone">
              <span>{t('messages.thread.deleted')}</span>
              <span class="comment__time">
                {' · '}
                {t('messages.thread.deletedAt', { time: formatTime(props.message.deletedAt, 'dateTime') })}
              </span>
            </p>
          }
        >
          <Show when={editing()} fallback={<CommentText body={props.message.body ?? ''} names={NO_NAMES} />}>
            <div class="comment__editor">
              <TextAreaField
                id={`edit-${props.message.id}`}
                label={t('messages.thread.editLabel')}
                value={draft()}
                onInput={(value) => {
                  setDraft(value)
                  setError('')
                }}
                rows={4}
                maxLength={20000}
                error={error()}
                ref={(element) => queueMicrotask(() => element.focus())}
              />
              <Show when={failure()}>
                {(problem) => (
                  <Alert tone="error" detail={requestIdText(problem())}>
                    {problem().code === 'not_found' ? t('messages.thread.gone') : genericErrorText(problem())}
                  </Alert>
                )}
              </Show>
              <div class="comment__buttons">
                <button type="button" class="button button--secondary button--small" onClick={() => setEditing(false)}>
                  {t('common.cancel')}
                </button>
                <button
                  type="button"
                  class="button button--primary button--small"
                  classList={{ 'button--pending': pending() }}
                  aria-disabled={pending() ? 'true' : undefined}
                  onClick={() => void submit()}
                >
                  <span class="button__spinner" aria-hidden="true" />
                  <span>{t('messages.thread.save')}</span>
                </button>
              </div>
            </div>
          </Show>
          <Show when={props.message.attachments.length > 0}>
            <ul class="msg-attachments" aria-label={t('messages.thread.attachmentsLabel')}>
              <For each={props.message.attachments}>
                {(file) => (
                  <li>
                    <a class="msg-attachment" href={fileUrl(file.id)} aria-label={t('messages.thread.open', { name: file.filename ?? file.title })}>
                      <DocumentIcon class="icon" />
                      <span>{file.filename ?? file.title}</span>
                    </a>
                  </li>
                )}
              </For>
            </ul>
          </Show>
          <Show when={props.mine && props.mayWrite && !editing()}>
            <div class="comment__actions" role="group" aria-label={t('messages.thread.actions')}>
              <button
                type="button"
                class="link-button"
                onClick={() => {
                  setDraft(props.message.body ?? '')
                  setError('')
                  setFailure(undefined)
                  setEditing(true)
                }}
              >
                {t('messages.thread.edit')}
              </button>
              <button type="button" class="link-button comment__delete" onClick={() => props.onDelete(props.message.id)}>
                {t('messages.thread.delete')}
              </button>
            </div>
          </Show>
        </Show>
        <Show when={props.readBy}>
          {(names) => (
            <p class="msg-readby" data-testid="read-by">
              {names().length ? t('messages.thread.readBy', { names: names().join(', ') }) : t('messages.thread.readByNobody')}
            </p>
          )}
        </Show>
      </div>
    </li>
  )
}
