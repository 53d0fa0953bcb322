import { useAction } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { TextAreaField } from '../../../components/textarea-field'
import { createThreadDraft, ThreadForm } from '../../../components/thread-form'
import { t } from '../../../i18n'
import { ApiError } from '../../../lib/api'
import { messageErrorText } from '../error-text'
import { postReply } from '../queries'
import { DocumentChooser } from './document-chooser'
import { FilePicker } from './file-picker'

/** The answer box under a thread: text and attachments; Ctrl+Enter sends. */
export function ReplyForm(props: { itemId: string; clientId: string; done: boolean }) {
  const send = useAction(postReply)
  const reply = createThreadDraft(() => t('messages.thread.bodyMissing'))
  const [files, setFiles] = createSignal<File[]>([])
  const [documents, setDocuments] = createSignal<string[]>([])

  const submit = (event?: SubmitEvent) =>
    reply.submit(async (body) => {
      const sent = await send({ itemId: props.itemId, body, files: files(), attachmentIds: documents() })
      setFiles([])
      setDocuments([])
      if (sent.attachmentError) reply.setFailure(new ApiError(sent.attachmentError, { status: 0 }))
    }, event)

  return (
    <ThreadForm
      state={reply}
      class="comment-form msg-reply"
      submitLabel={t('messages.thread.send')}
      failureText={messageErrorText}
      onSubmit={submit}
      onKeyDown={(event) => event.key === 'Enter' && event.ctrlKey && void submit()}
    >
      <Show when={props.done}>
        <p class="muted">{t('messages.thread.closedHint')}</p>
      </Show>
      <TextAreaField
        id="reply-body"
        label={t('messages.thread.reply')}
        hint={t('messages.thread.replyHint')}
        value={reply.draft()}
        onInput={reply.input}
        rows={4}
        maxLength={20000}
        error={reply.error()}
        ref={reply.ref}
      />
      <FilePicker id="reply-files" files={files()} onChange={setFiles} />
      <DocumentChooser id="reply-documents" clientId={props.clientId} chosen={documents()} onChange={setDocuments} />
    </ThreadForm>
  )
}
