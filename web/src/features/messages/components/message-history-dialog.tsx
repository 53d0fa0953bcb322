import { EditHistoryDialog, type EditHistoryTexts } from '../../../components/edit-history-dialog'
import { t } from '../../../i18n'
import { CommentText } from '../../folders/components/comment-text'
import { getMessageHistory } from '../queries'

const NO_NAMES = new Map<string, string>()

const texts = (): EditHistoryTexts => ({
  title: t('messages.thread.history.title'),
  description: t('messages.thread.history.description'),
  gone: t('messages.thread.history.gone'),
  current: t('messages.thread.history.current'),
  since: (time) => t('messages.thread.history.since', { time }),
  earlier: (time) => t('messages.thread.history.earlier', { time }),
  replaced: (time) => t('messages.thread.history.replaced', { time }),
})

/** Every version of an edited message, the current one first (the layout of a comment's history). */
export function MessageHistoryDialog(props: { messageId?: string; onClose: () => void }) {
  return (
    <EditHistoryDialog
      entryId={props.messageId}
      load={getMessageHistory}
      texts={texts()}
      text={(body) => <CommentText body={body} names={NO_NAMES} />}
      onClose={() => props.onClose()}
    />
  )
}
