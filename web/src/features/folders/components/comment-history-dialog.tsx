import { EditHistoryDialog, type EditHistoryTexts } from '../../../components/edit-history-dialog'
import { t } from '../../../i18n'
import { getCommentHistory } from '../queries'
import { CommentText } from './comment-text'

type HistoryProps = {
  commentId?: string
  names: ReadonlyMap<string, string>
  onClose: () => void
}

const texts = (): EditHistoryTexts => ({
  title: t('folders.comments.history.title'),
  description: t('folders.comments.history.description'),
  gone: t('folders.comments.history.gone'),
  current: t('folders.comments.history.current'),
  since: (time) => t('folders.comments.history.since', { time }),
  earlier: (time) => t('folders.comments.history.earlier', { time }),
  replaced: (time) => t('folders.comments.history.replaced', { time }),
})

/** Every version of an edited comment, the current one first, each with when it was written. */
export function CommentHistoryDialog(props: HistoryProps) {
  return (
    <EditHistoryDialog
      entryId={props.commentId}
      load={getCommentHistory}
      texts={texts()}
      text={(body) => <CommentText body={body} names={props.names} />}
      onClose={() => props.onClose()}
    />
  )
}
