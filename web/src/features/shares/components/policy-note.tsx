import { Alert } from '../../../components/alert'
import { t } from '../../../i18n'
import type { SharePolicy } from '../queries'

/**
 * The firm's rules for a new link, as the admin set them (Freigaberegeln), said above the form:
 * a client user reads what binds them; staff read their own limit and what binds the clients.
 */
export function PolicyNote(props: { policy: SharePolicy; staff: boolean }) {
  const text = () => {
    const p = props.policy
    if (!props.staff)
      return p.requirePassword ? t('shares.dialog.policyClient', { max: p.maxDays }) : t('shares.dialog.policyClientNoPassword', { max: p.maxDays })
    const clientRule = p.clientRequirePassword
      ? t('shares.dialog.policyStaffClientPassword', { days: p.maxDaysForClients })
      : t('shares.dialog.policyStaffClientNoPassword', { days: p.maxDaysForClients })
    return t('shares.dialog.policyStaff', { max: p.maxDays, clientRule })
  }
  return (
    <Alert tone="info">
      <span class="share-policy-note" data-testid="share-policy-note">
        {text()}
      </span>
    </Alert>
  )
}
