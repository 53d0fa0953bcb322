import { t } from '../../../i18n'
import type { ConversationStatus } from '../queries'

const TONE: Record<ConversationStatus, string> = {
  new: 'badge--info',
  in_progress: 'badge--brass',
  waiting_for_client: 'badge--danger',
  done: 'badge--success',
}

/** The status of a request as a badge; staff read "Wartet auf Mandant", clients "Wartet auf Ihre Antwort". */
export function StatusChip(props: { status: ConversationStatus; staff: boolean }) {
  const label = () => (props.staff ? t(`messages.statusStaff.${props.status}`) : t(`messages.status.${props.status}`))
  return (
    <span class={`badge badge--standalone msg-status ${TONE[props.status]}`} data-status={props.status}>
      {label()}
    </span>
  )
}
