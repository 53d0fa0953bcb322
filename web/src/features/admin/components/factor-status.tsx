import { Match, Switch } from 'solid-js'
import { AlertIcon, CheckIcon } from '../../../components/icons'
import { ClockIcon } from '../../../components/object-icons'
import { t } from '../../../i18n'
import { now } from '../../../lib/clock'
import { formatTime } from '../../../lib/format'
import type { AccountRow } from '../queries'

/**
 * A person's second factor at a glance: which ones, or none yet with the deadline, or the
 * deadline missed. An open invitation has no deadline yet (it starts on acceptance).
 */
export function FactorStatus(props: { account: AccountRow }) {
  const overdue = () => Date.parse(props.account.mfaDeadline) <= now()
  return (
    <Switch>
      <Match when={props.account.factors.length > 0}>
        <span class="status status--ok">
          <CheckIcon class="icon status__icon" />
          <span>
            {props.account.factors.map((kind) => t(`factors.kind.${kind}`)).join(', ')}
          </span>
        </span>
      </Match>
      <Match when={props.account.invitationPending}>
        <span class="status status--muted">{t('users.factor.none')}</span>
      </Match>
      <Match when={overdue()}>
        <span class="status status--danger">
          <AlertIcon class="icon status__icon" />
          <span>{t('users.factor.overdue')}</span>
        </span>
      </Match>
      <Match when={true}>
        <span class="status status--warning">
          <ClockIcon class="icon status__icon" />
          <span>
            {t('users.factor.pending', {
              deadline: formatTime(props.account.mfaDeadline, 'short'),
            })}
          </span>
        </span>
      </Match>
    </Switch>
  )
}
