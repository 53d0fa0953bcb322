import { useAction, useSubmission } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { SignOutIcon } from '../../../components/action-icons'
import { t } from '../../../i18n'
import { signOut } from '../../auth/queries'

type SignOutButtonProps = { class?: string }

/**
 * Signs out, then loads the sign-in page afresh: a full page load drops every cache, store and
 * signal of the signed-in app at once, not only the ones we remember to clear.
 */
export function SignOutButton(props: SignOutButtonProps) {
  const runSignOut = useAction(signOut)
  const submission = useSubmission(signOut)
  const [failed, setFailed] = createSignal(false)

  async function leave() {
    if (submission.pending) return
    setFailed(false)
    try {
      await runSignOut()
      window.location.assign('/anmelden?abgemeldet=1')
    } catch {
      setFailed(true)
    }
  }

  return (
    <>
      <button
        type="button"
        class={props.class ?? 'button button--secondary'}
        aria-disabled={submission.pending ? 'true' : undefined}
        onClick={leave}
      >
        <SignOutIcon />
        <span>{t('nav.signOut')}</span>
      </button>
      <Show when={failed()}>
        <p class="sign-out-error" role="alert">
          {t('nav.signOutFailed')}
        </p>
      </Show>
    </>
  )
}
