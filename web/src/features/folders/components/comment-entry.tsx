import { useAction } from '@solidjs/router'
import { ThreadEntry, type ThreadEntryTexts } from '../../../components/thread-entry'
import { t } from '../../../i18n'
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

const texts = (): ThreadEntryTexts => ({
  firm: t('folders.comments.firm'),
  at: (time) => t('folders.comments.at', { time }),
  edited: t('folders.comments.edited'),
  editedLabel: t('folders.comments.editedLabel'),
  deleted: t('folders.comments.deleted'),
  deletedAt: (time) => t('folders.comments.deletedAt', { time }),
  editLabel: t('folders.comments.editLabel'),
  bodyMissing: t('folders.comments.bodyMissing'),
  gone: t('folders.comments.gone'),
  cancel: t('folders.comments.cancel'),
  save: t('folders.comments.save'),
  actions: t('folders.comments.actions'),
  edit: t('folders.comments.edit'),
  delete: t('folders.comments.delete'),
})

/**
 * One comment: who wrote it and when, "bearbeitet" (opens the history) after an edit, and for
 * its author Bearbeiten and Löschen (the editor suggests mentions). A deleted comment is a
 * tombstone without text.
 */
export function CommentEntry(props: CommentEntryProps) {
  const save = useAction(editComment)
  const author = () =>
    props.mine
      ? t('folders.comments.you')
      : (props.comment.authorName ?? t('folders.comments.unknownAuthor'))

  return (
    <ThreadEntry
      id={props.comment.id}
      author={author()}
      initials={initials(props.comment.authorName ?? '?')}
      fromFirm={props.fromFirm}
      mine={props.mine}
      mayChange={props.mine}
      createdAt={props.comment.createdAt}
      editedAt={props.comment.editedAt}
      deletedAt={props.comment.deletedAt}
      body={props.comment.body}
      texts={texts()}
      text={(body) => <CommentText body={body} names={props.names} />}
      draftOf={(body) => decodeMentions(body, props.names, t('folders.comments.mention.unknown'))}
      field={(field) => (
        <MentionField
          id={field.id}
          label={field.label}
          value={field.value}
          onInput={field.onInput}
          people={props.people}
          error={field.error}
          onSubmit={field.onSubmit}
          ref={field.ref}
        />
      )}
      save={(body) => save({ commentId: props.comment.id, body: encodeMentions(body, props.people) })}
      onHistory={() => props.onHistory(props.comment.id)}
      onDelete={() => props.onDelete(props.comment.id)}
    />
  )
}
