import { Show } from 'solid-js'
import { t } from '../../../i18n'
import { GUEST_LOGO } from '../queries'

/** The firm's logo (when one is set) and name at the top of the guest page: who is asking. */
export function GuestFirm(props: { firmName: string; hasLogo?: boolean }) {
  return (
    <div class="guest-share__brand">
      <Show when={props.hasLogo}>
        <img class="guest-share__logo" src={GUEST_LOGO} alt={t('shares.guest.logoAlt', { firm: props.firmName })} />
      </Show>
      <p class="eyebrow guest-share__firm">{props.firmName}</p>
    </div>
  )
}
