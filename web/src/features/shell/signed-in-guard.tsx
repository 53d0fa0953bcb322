import { createAsync, useLocation, useNavigate, type RouteSectionProps } from '@solidjs/router'
import { createEffect, Show } from 'solid-js'
import { now } from '../../lib/clock'
import { ENROL_PATH, factorOverdue } from '../auth/account'
import { AccountContext } from '../auth/account-context'
import { getCurrentAccount, getSetupState } from '../auth/queries'
import { ChatDock } from '../chat/components/chat-dock'

/**
 * The pages of signed-in people. Without a session: to the first-run page while the portal is
 * not set up, otherwise to sign-in. Past the second-factor deadline: only the enrolment page.
 * The redirects run as effects, after the current navigation has settled: a navigation started
 * while a page renders would leave that page's data in a discarded transition.
 */
export default function SignedInGuard(props: RouteSectionProps) {
  const location = useLocation()
  const navigate = useNavigate()
  const account = createAsync(() => getCurrentAccount())
  const target = (): string | undefined => {
    const current = account()
    if (current === undefined) return undefined
    if (current === null) return 'signed-out'
    return factorOverdue(current, now()) && location.pathname !== ENROL_PATH ? ENROL_PATH : ''
  }

  createEffect(() => {
    const where = target()
    if (where === 'signed-out')
      void getSetupState().then(
        (state) => navigate(state.needsSetup ? '/einrichtung' : '/anmelden', { replace: true }),
        () => navigate('/anmelden', { replace: true }),
      )
    else if (where) navigate(where, { replace: true })
  })

  return (
    <AccountContext.Provider value={() => account() ?? undefined}>
      <Show when={target() === ''}>
        {props.children}
        {/* Past the deadline the enrolment page stands alone: no chat, no realtime connection
            (the server refuses it until a factor is set up). */}
        <Show when={account() && !factorOverdue(account()!, now()) ? account() : undefined}>
          {(current) => <ChatDock account={current()} />}
        </Show>
      </Show>
    </AccountContext.Provider>
  )
}
