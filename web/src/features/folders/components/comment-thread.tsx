import { useAction } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { ConfirmDialog } from '../../../components/confirm-dialog'
import { EmptyState } from '../../../components/empty-state'
import { ChatIcon } from '../../../components/object-icons'
import { createThreadDraft, ThreadForm } from '../../../components/thread-form'
import { t } from '../../../i18n'
import { genericErrorText } from '../../../lib/error-message'
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
  const comment = createThreadDraft(() => t('folders.comments.bodyMissing'))
  const [history, setHistory] = createSignal<string>()
  const [deleting, setDeleting] = createSignal<string>()

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

  const submit = (event?: SubmitEvent) =>
    comment.submit(async (body) => {
      await send({ folderId: props.folder.id, body: encodeMentions(body, mentionable()) })
    }, event)

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
      <ThreadForm
        state={comment}
        class="comment-form"
        submitLabel={t('folders.comments.submit')}
        failureText={(problem) =>
          problem.code === 'not_found' ? t('errors.notAllowed') : genericErrorText(problem)
        }
        onSubmit={submit}
      >
        <MentionField
          id="comment-body"
          label={t('folders.comments.label')}
          hint={t('folders.comments.hint')}
          value={comment.draft()}
          onInput={comment.input}
          people={mentionable()}
          error={comment.error()}
          onSubmit={() => void submit()}
          ref={comment.ref}
        />
      </ThreadForm>
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
