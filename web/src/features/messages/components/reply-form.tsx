import { useAction } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { TextAreaField } from '../../../components/textarea-field'
import { t } from '../../../i18n'
import { ApiError, toApiError } from '../../../lib/api'
import { requestIdText } from '../../../lib/error-message'
import { messageErrorText } from '../error-text'
import { postReply } from '../queries'
import { DocumentChooser } from './document-chooser'
import { FilePicker } from './file-picker'

/** The answer box under a thread: text and attachments; Ctrl+Enter sends. */
export function ReplyForm(props: { itemId: string; clientId: string; done: boolean }) {
  const send = useAction(postReply)
  const [draft, setDraft] = createSignal('')
  const [files, setFiles] = createSignal<File[]>([])
  const [documents, setDocuments] = createSignal<string[]>([])
  const [error, setError] = createSignal('')
  const [failure, setFailure] = createSignal<ApiError>()
  const [pending, setPending] = createSignal(false)
  let field: HTMLTextAreaElement | undefined

  async function submit(event?: SubmitEvent) {
    event?.preventDefault()
    if (pending()) return
    if (!draft().trim()) {
      setError(t('messages.thread.bodyMissing'))
      field?.focus()
      return
    }
    setPending(true)
    setFailure(undefined)
    try {
      const sent = await send({ itemId: props.itemId, body: draft().trim(), files: files(), attachmentIds: documents() })
      setDraft('')
      setFiles([])
      setDocuments([])
      if (sent.attachmentError) setFailure(new ApiError(sent.attachmentError, { status: 0 }))
    } catch (thrown) {
      setFailure(toApiError(thrown))
    } finally {
      setPending(false)
    }
  }

  return (
    <form class="comment-form msg-reply" novalidate onSubmit={submit} onKeyDown={(event) => event.key === 'Enter' && event.ctrlKey && void submit()}>
      <Show when={props.done}>
        <p class="muted">{t('messages.thread.closedHint')}</p>
      </Show>
      <TextAreaField
        id="reply-body"
        label={t('messages.thread.reply')}
        hint={t('messages.thread.replyHint')}
        value={draft()}
        onInput={(value) => {
          setDraft(value)
          setError('')
        }}
        rows={4}
        maxLength={20000}
        error={error()}
        ref={(element) => (field = element)}
      />
      <FilePicker id="reply-files" files={files()} onChange={setFiles} />
      <DocumentChooser id="reply-documents" clientId={props.clientId} chosen={documents()} onChange={setDocuments} />
      <Show when={failure()}>
        {(problem) => (
          <Alert tone="error" detail={requestIdText(problem())}>
            {messageErrorText(problem())}
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
          <span>{t('messages.thread.send')}</span>
        </button>
      </div>
    </form>
  )
}
