import { createAsync } from '@solidjs/router'
import { ErrorBoundary, For, Show, Suspense } from 'solid-js'
import { Alert } from '../../../components/alert'
import { Dialog } from '../../../components/dialog'
import { PageLoading } from '../../../components/page-loading'
import { t } from '../../../i18n'
import { formatTime } from '../../../lib/format'
import { CommentText } from '../../folders/components/comment-text'
import { getMessageHistory } from '../queries'

const NO_NAMES = new Map<string, string>()

/** Every version of an edited message, the current one first (the layout of a comment's history). */
export function MessageHistoryDialog(props: { messageId?: string; onClose: () => void }) {
  return (
    <Dialog open={Boolean(props.messageId)} title={t('messages.thread.history.title')} description={t('messages.thread.history.description')} onClose={() => props.onClose()}>
      <Show when={props.messageId}>
        {(messageId) => (
          <ErrorBoundary fallback={<Alert tone="error">{t('messages.thread.history.gone')}</Alert>}>
            <Suspense fallback={<PageLoading />}>
              <History messageId={messageId()} />
            </Suspense>
          </ErrorBoundary>
        )}
      </Show>
      <div class="form__actions">
        <button type="button" class="button button--secondary" onClick={() => props.onClose()}>
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  )
}

function History(props: { messageId: string }) {
  const history = createAsync(() => getMessageHistory(props.messageId))
  const at = (time: string) => formatTime(time, 'dateTime')
  return (
    <Show when={history()}>
      {(found) => (
        <ol class="history">
          <Show when={found().current}>
            {(current) => (
              <li class="history__entry history__entry--current">
                <p class="history__when">
                  <strong>{t('messages.thread.history.current')}</strong>
                  {' · '}
                  {t('messages.thread.history.since', { time: at(current().writtenAt) })}
                </p>
                <CommentText body={current().body} names={NO_NAMES} />
              </li>
            )}
          </Show>
          <For each={[...found().revisions].reverse()}>
            {(revision) => (
              <li class="history__entry">
                <p class="history__when">
                  <strong>{t('messages.thread.history.earlier', { time: at(revision.writtenAt) })}</strong>
                  {' · '}
                  {t('messages.thread.history.replaced', { time: at(revision.replacedAt) })}
                </p>
                <CommentText body={revision.body} names={NO_NAMES} />
              </li>
            )}
          </For>
        </ol>
      )}
    </Show>
  )
}
