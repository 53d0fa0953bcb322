import { createAsync } from '@solidjs/router'
import { ErrorBoundary, For, Show, Suspense } from 'solid-js'
import { Alert } from '../../../components/alert'
import { Dialog } from '../../../components/dialog'
import { PageLoading } from '../../../components/page-loading'
import { t } from '../../../i18n'
import { formatTime } from '../../../lib/format'
import { getCommentHistory } from '../queries'
import { CommentText } from './comment-text'

type HistoryProps = {
  commentId?: string
  names: ReadonlyMap<string, string>
  onClose: () => void
}

/** Every version of an edited comment, the current one first, each with when it was written. */
export function CommentHistoryDialog(props: HistoryProps) {
  return (
    <Dialog
      open={Boolean(props.commentId)}
      title={t('folders.comments.history.title')}
      description={t('folders.comments.history.description')}
      onClose={() => props.onClose()}
    >
      <Show when={props.commentId}>
        {(commentId) => (
          <ErrorBoundary
            fallback={<Alert tone="error">{t('folders.comments.history.gone')}</Alert>}
          >
            <Suspense fallback={<PageLoading />}>
              <History commentId={commentId()} names={props.names} />
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

function History(props: { commentId: string; names: ReadonlyMap<string, string> }) {
  const history = createAsync(() => getCommentHistory(props.commentId))
  const at = (time: string) => formatTime(time, 'dateTime')
  return (
    <Show when={history()}>
      {(found) => (
        <ol class="history">
          <li class="history__entry history__entry--current">
            <p class="history__when">
              <strong>{t('folders.comments.history.current')}</strong>
              {' · '}
              {t('folders.comments.history.since', { time: at(found().current.writtenAt) })}
            </p>
            <CommentText body={found().current.body} names={props.names} />
          </li>
          <For each={[...found().revisions].reverse()}>
            {(revision) => (
              <li class="history__entry">
                <p class="history__when">
                  <strong>
                    {t('folders.comments.history.earlier', { time: at(revision.writtenAt) })}
                  </strong>
                  {' · '}
                  {t('folders.comments.history.replaced', { time: at(revision.replacedAt) })}
                </p>
                <CommentText body={revision.body} names={props.names} />
              </li>
            )}
          </For>
        </ol>
      )}
    </Show>
  )
}
