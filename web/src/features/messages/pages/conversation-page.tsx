import { A, createAsync, useAction, useLocation, useParams } from '@solidjs/router'
import { createEffect, createSignal, ErrorBoundary, For, on, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { AudienceChip } from '../../../components/audience-chip'
import { ConfirmDialog } from '../../../components/confirm-dialog'
import { LoadError } from '../../../components/load-error'
import { locale, t } from '../../../i18n'
import { formatTime } from '../../../lib/format'
import { usePageTitleText } from '../../../lib/page-title'
import { useAccount } from '../../auth/account-context'
import { HandlePanel } from '../components/handle-panel'
import { MessageEntry } from '../components/message-entry'
import { MessageHistoryDialog } from '../components/message-history-dialog'
import { ReplyForm } from '../components/reply-form'
import { StatusChip } from '../components/status-chip'
import { messageErrorText } from '../error-text'
import { deleteMessage, getCategories, getConversation, markRead, type Conversation } from '../queries'
import '../../folders/folders.css'
import '../messages.css'

/**
 * /nachrichten/:id (the link in the notice mails): a request with its messages, oldest first,
 * attachments, edit history and tombstones, the status chip, the answer box; staff also the
 * handling panel and who has read how far. Opening it marks it read.
 */
export default function ConversationPage() {
  const params = useParams<{ id: string }>()
  return (
    <ErrorBoundary
      fallback={(error, reset) => (
        <LoadError error={error} onRetry={reset} notFoundTitle={t('messages.thread.notFound')} backHref="/nachrichten" backLabel={t('messages.thread.back')} />
      )}
    >
      <ConversationView id={params.id} />
    </ErrorBoundary>
  )
}

function ConversationView(props: { id: string }) {
  const conversation = createAsync(() => getConversation(props.id))
  usePageTitleText(() => conversation()?.subject)
  return <Show when={conversation()}>{(current) => <ConversationContent conversation={current()} />}</Show>
}

function ConversationContent(props: { conversation: Conversation }) {
  const account = useAccount()
  const location = useLocation<{ attachmentError?: string }>()
  const read = useAction(markRead)
  const remove = useAction(deleteMessage)
  const categories = createAsync(() => getCategories(), { initialValue: [] })
  const [history, setHistory] = createSignal<string>()
  const [deleting, setDeleting] = createSignal<string>()
  const staff = () => account()?.kind === 'staff'
  // Reading the page marks everything up to the latest message read (once per new message).
  createEffect(on(() => props.conversation.messages.at(-1)?.id, (last) => {
    if (last && props.conversation.unread > 0) void read(props.conversation.id).catch(() => undefined)
  }))
  const category = () => (locale() === 'en' ? props.conversation.categoryEn : props.conversation.categoryDe)
  /** For staff: who (other than its author) has read up to the latest message. */
  const readByLast = () => {
    const last = props.conversation.messages.at(-1)
    if (!last || !props.conversation.mayHandle) return undefined
    return props.conversation.reads
      .filter((r) => r.accountId !== last.authorId && r.lastReadAt >= last.createdAt)
      .map((r) => (r.accountId === account()?.id ? t('messages.thread.you') : (r.displayName ?? t('messages.thread.unknown'))))
  }
  const peopleNames = () => props.conversation.people.filter((p) => props.conversation.recipients.includes(p.id)).map((p) => ({ id: p.id, displayName: p.displayName }))

  return (
    <div class="page messages-page conversation-page">
      <header class="page-head">
        <p class="eyebrow eyebrow--on-dark">
          {t('messages.eyebrow')}
          <Show when={category()}>{(name) => <> · {name()}</>}</Show>
        </p>
        <h1 id="page-title" class="page-head__title">
          {props.conversation.subject}
        </h1>
        <p class="page-head__lead msg-head">
          <StatusChip status={props.conversation.status} staff={staff()} />
          <span>
            {props.conversation.authorId === account()?.id
              ? t('messages.thread.startedByYou', { date: formatTime(props.conversation.createdAt, 'date') })
              : t('messages.thread.started', {
                  date: formatTime(props.conversation.createdAt, 'date'),
                  name: props.conversation.authorName ?? t('messages.thread.unknown'),
                })}
          </span>
          <AudienceChip
            audience={{
              kind: props.conversation.audience,
              clientName: props.conversation.clientName,
              projectName: props.conversation.projectName,
              recipients: peopleNames(),
            }}
          />
        </p>
      </header>
      <Show when={location.state?.attachmentError}>
        {(code) => <Alert tone="error">{messageErrorText(code())}</Alert>}
      </Show>
      <div class="msg-layout" classList={{ 'msg-layout--staff': props.conversation.mayHandle }}>
        <section class="panel" aria-labelledby="msg-thread-title">
          <h2 id="msg-thread-title" class="visually-hidden">
            {t('messages.listLabel')}
          </h2>
          <ol class="comments msg-thread">
            <For each={props.conversation.messages}>
              {(message, index) => (
                <MessageEntry
                  message={message}
                  mine={message.authorId === account()?.id}
                  mayWrite={props.conversation.mayWrite}
                  readBy={index() === props.conversation.messages.length - 1 ? readByLast() : undefined}
                  onHistory={setHistory}
                  onDelete={setDeleting}
                />
              )}
            </For>
          </ol>
          <Show when={props.conversation.mayWrite} fallback={<p class="muted">{t('messages.thread.readOnly')}</p>}>
            <ReplyForm itemId={props.conversation.id} clientId={props.conversation.clientId} done={props.conversation.status === 'done'} />
          </Show>
        </section>
        <Show when={props.conversation.mayHandle}>
          <HandlePanel conversation={props.conversation} categories={categories()} />
        </Show>
      </div>
      <p class="folder-page__back">
        <A href="/nachrichten">{t('messages.thread.back')}</A>
      </p>
      <MessageHistoryDialog messageId={history()} onClose={() => setHistory(undefined)} />
      <ConfirmDialog
        open={Boolean(deleting())}
        title={t('messages.thread.deleteTitle')}
        text={t('messages.thread.deleteText')}
        confirmLabel={t('messages.thread.delete')}
        danger
        refusedText={t('messages.thread.gone')}
        onConfirm={() => remove(deleting()!)}
        onClose={() => setDeleting(undefined)}
      />
    </div>
  )
}
