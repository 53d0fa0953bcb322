import { useAction } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { ConfirmDialog } from '../../../components/confirm-dialog'
import { EmptyState } from '../../../components/empty-state'
import { ChatIcon } from '../../../components/object-icons'
import { t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import { useAccount } from '../../auth/account-context'
import { encodeMentions } from '../mentions'
import { addComment, deleteComment, type Folder } from '../queries'
import { CommentEntry } from './comment-entry'
import { CommentHistoryDialog } from './comment-history-dialog'
import { MentionField } from './mention-field'

/**
 * The folder's conversation, oldest first: everyone in its audience writes; "@" mentions people
 * of the audience (they get a mail without the text); authors edit and delete their own.
 */
export function CommentThread(props: { folder: Folder }) {
  const account = useAccount()
  const send = useAction(addComment)
  const remove = useAction(deleteComment)
  const [draft, setDraft] = createSignal('')
  const [error, setError] = createSignal('')
  const [failure, setFailure] = createSignal<ApiError>()
  const [pending, setPending] = createSignal(false)
  const [history, setHistory] = createSignal<string>()
  const [deleting, setDeleting] = createSignal<string>()
  let field: HTMLTextAreaElement | undefined

  const names = () =>
    new Map([
      ...props.folder.comments
        .filter((comment) => comment.authorName)
        .map((comment) => [comment.authorId, comment.authorName!] as const),
      ...props.folder.people.map((person) => [person.id, person.displayName] as const),
    ])
  const firm = () =>
    new Set(
      props.folder.people.filter((person) => person.kind === 'staff').map((person) => person.id),
    )
  const mentionable = () => props.folder.people.filter((person) => person.id !== account()?.id)

  async function submit(event?: SubmitEvent) {
    event?.preventDefault()
    if (pending()) return
    if (!draft().trim()) {
      setError(t('folders.comments.bodyMissing'))
      field?.focus()
      return
    }
    setPending(true)
    setFailure(undefined)
    try {
      await send({ folderId: props.folder.id, body: encodeMentions(draft().trim(), mentionable()) })
      setDraft('')
    } catch (thrown) {
      setFailure(toApiError(thrown))
    } finally {
      setPending(false)
    }
  }

  return (
    <section class="panel" aria-labelledby="folder-comments-title">
      <h2 id="folder-comments-title" class="panel__title">
        {t('folders.comments.title')}
      </h2>
      <p class="panel__lead">{t('folders.comments.lead')}</p>
      <Show
        when={props.folder.comments.length > 0}
        fallback={
          <EmptyState
            icon={<ChatIcon />}
            title={t('folders.comments.empty')}
            text={t('folders.comments.emptyText')}
          />
        }
      >
        <ol class="comments" aria-label={t('folders.comments.listLabel')}>
          <For each={props.folder.comments}>
            {(comment) => (
              <CommentEntry
                comment={comment}
                mine={comment.authorId === account()?.id}
                fromFirm={firm().has(comment.authorId)}
                names={names()}
                people={mentionable()}
                onHistory={setHistory}
                onDelete={setDeleting}
              />
            )}
          </For>
        </ol>
      </Show>
      <form class="comment-form" novalidate onSubmit={submit}>
        <MentionField
          id="comment-body"
          label={t('folders.comments.label')}
          hint={t('folders.comments.hint')}
          value={draft()}
          onInput={(value) => {
            setDraft(value)
            setError('')
          }}
          people={mentionable()}
          error={error()}
          onSubmit={() => void submit()}
          ref={(element) => (field = element)}
        />
        <Show when={failure()}>
          {(problem) => (
            <Alert tone="error" detail={requestIdText(problem())}>
              {problem().code === 'not_found'
                ? t('errors.notAllowed')
                : genericErrorText(problem())}
            </Alert>
          )}
        </Show>
        <div class="comment-form__actions">
          <button
            type="submit"
            class="button button--primary"
            classList={{ 'button--pending': pending() }}
            aria-disabled={pending() ? 'true' : undefined}
          >
            <span class="button__spinner" aria-hidden="true" />
            <span>{t('folders.comments.submit')}</span>
          </button>
        </div>
      </form>
      <CommentHistoryDialog
        commentId={history()}
        names={names()}
        onClose={() => setHistory(undefined)}
      />
      <ConfirmDialog
        open={Boolean(deleting())}
        title={t('folders.comments.deleteTitle')}
        text={t('folders.comments.deleteText')}
        confirmLabel={t('folders.comments.delete')}
        danger
        refusedText={t('folders.comments.gone')}
        onConfirm={() => remove(deleting()!)}
        onClose={() => setDeleting(undefined)}
      />
    </section>
  )
}
