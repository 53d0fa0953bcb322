import { t } from '../../../i18n'
import type { ProjectStatus } from '../queries'

/** Offen (green), Pausiert (brass), Abgeschlossen (grey). */
export function ProjectStatusBadge(props: { status: ProjectStatus }) {
  return (
    <span
      class="badge badge--standalone"
      classList={{
        'badge--success': props.status === 'open',
        'badge--brass': props.status === 'paused',
      }}
    >
      {t(`projects.status.${props.status}`)}
    </span>
  )
}
