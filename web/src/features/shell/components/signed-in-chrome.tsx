import { useLocation } from '@solidjs/router'
import { Show } from 'solid-js'
import { now } from '../../../lib/clock'
import { ENROL_PATH, factorOverdue, graceRemaining } from '../../auth/account'
import type { CurrentAccount } from '../../auth/queries'
import { GraceBanner } from './grace-banner'
import { MainNav } from './main-nav'

/**
 * What the header adds for a signed-in person: the section tabs and, while no second factor is
 * set up, the countdown banner. Past the deadline both give way to the enrolment page alone.
 */
export function SignedInChrome(props: { account: CurrentAccount }) {
  const location = useLocation()
  const overdue = () => factorOverdue(props.account, now())
  const remaining = () => graceRemaining(props.account, now())
  return (
    <Show when={!overdue()}>
      <MainNav account={props.account} />
      <Show when={location.pathname !== ENROL_PATH && remaining()}>
        {(left) => <GraceBanner remainingMs={left()} deadline={props.account.mfaDeadline} />}
      </Show>
    </Show>
  )
}
