import { useAction } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import { formatTime } from '../../../lib/format'
import { decodeMentions, encodeMentions } from '../mentions'
import { editComment, type FolderComment, type FolderPerson } from '../queries'
import { CommentText } from './comment-text'
import { initials, MentionField } from './mention-field'

type CommentEntryProps = {
  comment: FolderComment
  mine: boolean
  fromFirm: boolean
  names: ReadonlyMap<string, string>
  people: FolderPerson[]
  onHistory: (commentId: string) => void
  onDelete: (commentId: string) => void
}

/**
 * One comment: who wrote it and when, "bearbeitet" (opens the history) after an edit, and for
 * its author Bearbeiten and Löschen. A deleted comment is a tombstone without text.
 */
export function CommentEntry(props: CommentEntryProps) {
  const save = useAction(editComment)
  const [editing, setEditing] = createSignal(false)
  const [draft, setDraft] = createSignal('')
  const [error, setError] = createSignal('')
  const [failure, setFailure] = createSignal<ApiError>()
  const [pending, setPending] = createSignal(false)
  const author = () =>
    props.mine
      ? t('folders.comments.you')
      : (props.comment.authorName ?? t('folders.comments.unknownAuthor'))
  const unknown = () => t('folders.comments.mention.unknown')

  function startEditing() {
    setDraft(decodeMentions(props.comment.body ?? '', props.names, unknown()))
    setError('')
    setFailure(undefined)
    setEditing(true)
  }

  async function submit() {
    if (pending()) return
    if (!draft().trim()) return void setError(t('folders.comments.bodyMissing'))
    setPending(true)
    setFailure(undefined)
    try {
      const body = encodeMentions(draft().trim(), props.people)
      await save({ commentId: props.comment.id, body })
      setEditing(false)
    } catch (thrown) {
      setFailure(toApiError(thrown))
    } finally {
      setPending(false)
    }
  }

  return (
    <li
      class="comment"
      classList={{
        'comment--deleted': Boolean(props.comment.deletedAt),
        'comment--mine': props.mine,
      }}
    >
      <span
        class="comment__avatar"
        classList={{ 'comment__avatar--firm': props.fromFirm }}
        aria-hidden="true"
      >
        {initials(props.comment.authorName ?? '?')}
      </span>
      <div class="comment__main">
        <p class="comment__head">
          <span class="comment__author">{author()}</span>
          <Show when={props.fromFirm}>
            <span class="badge">{t('folders.comments.firm')}</span>
          </Show>
          <time class="comment__time" datetime={props.comment.createdAt}>
            {t('folders.comments.at', { time: formatTime(props.comment.createdAt, 'dateTime') })}
          </time>
          <Show when={props.comment.editedAt && !props.comment.deletedAt}>
            <button
              type="button"
              class="comment__edited"
              aria-label={t('folders.comments.editedLabel')}
              onClick={() => props.onHistory(props.comment.id)}
            >
              {t('folders.comments.edited')}
            </button>
          </Show>
        </p>
        <Show
          when={!props.comment.deletedAt}
          fallback={
            <p class="comment__tombstone">
              <span>{t('folders.comments.deleted')}</span>
              <span class="comment__time">
                {' · '}
                {t('folders.comments.deletedAt', {
                  time: formatTime(props.comment.deletedAt, 'dateTime'),
                })}
              </span>
            </p>
          }
        >
          <Show
            when={editing()}
            fallback={<CommentText body={props.comment.body ?? ''} names={props.names} />}
          >
            <div class="comment__editor">
              <MentionField
                id={`edit-${props.comment.id}`}
                label={t('folders.comments.editLabel')}
                value={draft()}
                onInput={(value) => {
                  setDraft(value)
                  setError('')
                }}
                people={props.people}
                error={error()}
                onSubmit={() => void submit()}
                ref={(element) => queueMicrotask(() => element.focus())}
              />
              <Show when={failure()}>
                {(problem) => (
                  <Alert tone="error" detail={requestIdText(problem())}>
                    {problem().code === 'not_found'
                      ? t('folders.comments.gone')
                      : genericErrorText(problem())}
                  </Alert>
                )}
              </Show>
              <div class="comment__buttons">
                <button
                  type="button"
                  class="button button--secondary button--small"
                  onClick={() => setEditing(false)}
                >
                  {t('folders.comments.cancel')}
                </button>
                <button
                  type="button"
                  class="button button--primary button--small"
                  classList={{ 'button--pending': pending() }}
                  aria-disabled={pending() ? 'true' : undefined}
                  onClick={() => void submit()}
                >
                  <span class="button__spinner" aria-hidden="true" />
                  <span>{t('folders.comments.save')}</span>
                </button>
              </div>
            </div>
          </Show>
          <Show when={props.mine && !editing()}>
            <div class="comment__actions" role="group" aria-label={t('folders.comments.actions')}>
              <button type="button" class="link-button" onClick={startEditing}>
                {t('folders.comments.edit')}
              </button>
              <button
                type="button"
                class="link-button comment__delete"
                onClick={() => props.onDelete(props.comment.id)}
              >
                {t('folders.comments.delete')}
              </button>
            </div>
          </Show>
        </Show>
      </div>
    </li>
  )
}
