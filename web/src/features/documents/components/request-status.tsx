import { t } from '../../../i18n'
import type { RequestStatus } from '../queries'

const TONE: Record<RequestStatus, string> = {
  open: 'badge--brass',
  submitted: 'badge--info',
  accepted: 'badge--success',
  returned: 'badge--danger',
}

/** The request's state as a chip: offen, eingereicht, angenommen, zurückgegeben. */
export function RequestStatusChip(props: { status: RequestStatus }) {
  return (
    <span class={`badge badge--standalone request-status ${TONE[props.status]}`}>
      {t(`requests.status.${props.status}`)}
    </span>
  )
}
