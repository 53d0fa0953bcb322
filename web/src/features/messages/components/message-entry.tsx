import { useAction } from '@solidjs/router'
import { For, Show } from 'solid-js'
import { DocumentIcon } from '../../../components/object-icons'
import { TextAreaField } from '../../../components/textarea-field'
import { ThreadEntry, type ThreadEntryTexts } from '../../../components/thread-entry'
import { t } from '../../../i18n'
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

const texts = (): ThreadEntryTexts => ({
  firm: t('messages.thread.firm'),
  at: (time) => t('messages.thread.at', { time }),
  edited: t('messages.thread.edited'),
  editedLabel: t('messages.thread.editedLabel'),
  deleted: t('messages.thread.deleted'),
  deletedAt: (time) => t('messages.thread.deletedAt', { time }),
  editLabel: t('messages.thread.editLabel'),
  bodyMissing: t('messages.thread.bodyMissing'),
  gone: t('messages.thread.gone'),
  cancel: t('common.cancel'),
  save: t('messages.thread.save'),
  actions: t('messages.thread.actions'),
  edit: t('messages.thread.edit'),
  delete: t('messages.thread.delete'),
})

/**
 * One message of a thread (the comment layout of folders): author and time, "bearbeitet" (opens
 * the history), the text, its attachments as document links, and for its author Bearbeiten and
 * Löschen. A deleted message is a tombstone without text or attachments.
 */
export function MessageEntry(props: MessageEntryProps) {
  const save = useAction(editMessage)
  const author = () =>
    props.mine ? t('messages.thread.you') : (props.message.authorName ?? (props.message.authorIsStaff ? t('messages.thread.firm') : t('messages.thread.unknown')))

  return (
    <ThreadEntry
      id={props.message.id}
      attributes={{ 'data-message-id': props.message.id }}
      classList={{ msg: true, 'msg--firm': props.message.authorIsStaff }}
      author={author()}
      initials={initials(props.message.authorName ?? '?')}
      fromFirm={props.message.authorIsStaff}
      mine={props.mine}
      mayChange={props.mine && props.mayWrite}
      createdAt={props.message.createdAt}
      editedAt={props.message.editedAt}
      deletedAt={props.message.deletedAt}
      body={props.message.body}
      texts={texts()}
      text={(body) => <CommentText body={body} names={NO_NAMES} />}
      draftOf={(body) => body}
      field={(field) => (
        <TextAreaField
          id={field.id}
          label={field.label}
          value={field.value}
          onInput={field.onInput}
          rows={4}
          maxLength={20000}
          error={field.error}
          ref={field.ref}
        />
      )}
      save={(body) => save({ messageId: props.message.id, body })}
      onHistory={() => props.onHistory(props.message.id)}
      onDelete={() => props.onDelete(props.message.id)}
      attachments={
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
      }
      footer={
        <Show when={props.readBy}>
          {(names) => (
            <p class="msg-readby" data-testid="read-by">
              {names().length ? t('messages.thread.readBy', { names: names().join(', ') }) : t('messages.thread.readByNobody')}
            </p>
          )}
        </Show>
      }
    />
  )
}
