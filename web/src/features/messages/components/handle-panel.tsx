import { useAction } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { SelectField } from '../../../components/select-field'
import { locale, t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { requestIdText } from '../../../lib/error-message'
import { messageErrorText } from '../error-text'
import { formatTime } from '../../../lib/format'
import { STATUSES, updateConversation, type Category, type Conversation, type ConversationStatus } from '../queries'

/**
 * The firm's side panel of a request: status, assignee and category take effect on change; how
 * long the client has been waiting; who has read the thread up to when.
 */
export function HandlePanel(props: { conversation: Conversation; categories: Category[] }) {
  const update = useAction(updateConversation)
  const [failure, setFailure] = createSignal<ApiError>()
  const change = async (patch: { status?: ConversationStatus; assigneeId?: string | null; categoryId?: string }) => {
    setFailure(undefined)
    try {
      await update({ itemId: props.conversation.id, ...patch })
    } catch (thrown) {
      setFailure(toApiError(thrown))
    }
  }
  const categoryName = (c: Category) => (locale() === 'en' ? c.nameEn : c.nameDe)
  return (
    <aside class="panel msg-handle" aria-labelledby="msg-handle-title">
      <h2 id="msg-handle-title" class="panel__title">
        {t('messages.thread.handle.title')}
      </h2>
      <Show when={failure()}>
        {(problem) => (
          <Alert tone="error" detail={requestIdText(problem())}>
            {messageErrorText(problem())}
          </Alert>
        )}
      </Show>
      <SelectField
        id="msg-status"
        label={t('messages.thread.handle.status')}
        value={props.conversation.status}
        options={STATUSES.map((status) => ({ value: status, label: t(`messages.statusStaff.${status}`) }))}
        onChange={(value) => void change({ status: value as ConversationStatus })}
      />
      <SelectField
        id="msg-assignee"
        label={t('messages.thread.handle.assignee')}
        value={props.conversation.assigneeId ?? ''}
        options={[{ value: '', label: t('messages.thread.handle.nobody') }, ...props.conversation.assignable.map((p) => ({ value: p.id, label: p.displayName }))]}
        onChange={(value) => void change({ assigneeId: value || null })}
      />
      <SelectField
        id="msg-category"
        label={t('messages.thread.handle.category')}
        value={props.conversation.categoryId ?? ''}
        options={props.categories.map((c) => ({ value: c.id, label: categoryName(c) }))}
        onChange={(value) => void change({ categoryId: value })}
      />
      <p class="msg-handle__waiting" classList={{ 'msg-waiting': Boolean(props.conversation.waitingSince) }}>
        {props.conversation.waitingSince
          ? t('messages.thread.handle.waiting', { time: formatTime(props.conversation.waitingSince, 'dateTime') })
          : t('messages.thread.handle.notWaiting')}
      </p>
      <Show when={props.conversation.reads.length > 0}>
        <p class="field__label msg-handle__label">{t('messages.thread.handle.readers')}</p>
        <ul class="msg-handle__readers">
          <For each={props.conversation.reads}>
            {(read) => (
              <li>
                {read.displayName ?? t('messages.thread.unknown')}{' '}
                <span class="muted">{t('messages.thread.handle.readAt', { time: formatTime(read.lastReadAt, 'dateTime') })}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </aside>
  )
}
