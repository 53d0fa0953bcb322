import { t } from '../../../i18n'
import type { AppointmentStatus } from '../queries'

const TONE: Record<AppointmentStatus, string> = {
  pending: 'badge--brass',
  confirmed: 'badge--success',
  declined: 'badge--danger',
  cancelled: 'badge--info',
}

/** The state of a booking as a badge: wartet auf Bestätigung, bestätigt, abgelehnt, abgesagt. */
export function StatusBadge(props: { status: AppointmentStatus }) {
  return <span class={`badge badge--standalone ${TONE[props.status]}`}>{t(`appointments.status.${props.status}`)}</span>
}
