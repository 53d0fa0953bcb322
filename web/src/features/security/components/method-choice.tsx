import { Show } from 'solid-js'
import { ArrowRightIcon } from '../../../components/action-icons'
import { MailIcon, PhoneIcon } from '../../../components/object-icons'
import { t } from '../../../i18n'

type MethodChoiceProps = {
  emailOffered: boolean
  onChoose: (method: 'totp' | 'email') => void
}

/** The two kinds of second factor as large buttons; the app is recommended. */
export function MethodChoice(props: MethodChoiceProps) {
  return (
    <div class="choices" role="group" aria-label={t('enrol.choose.label')}>
      <button type="button" class="choice" onClick={() => props.onChoose('totp')}>
        <PhoneIcon class="icon choice__icon" />
        <span class="choice__body">
          <span class="choice__title">
            {t('enrol.choose.totp')}
            <span class="badge badge--brass">{t('enrol.choose.recommended')}</span>
          </span>
          <span class="choice__text">{t('enrol.choose.totpText')}</span>
        </span>
        <ArrowRightIcon class="icon choice__arrow" />
      </button>
      <Show when={props.emailOffered}>
        <button type="button" class="choice" onClick={() => props.onChoose('email')}>
          <MailIcon class="icon choice__icon" />
          <span class="choice__body">
            <span class="choice__title">{t('enrol.choose.email')}</span>
            <span class="choice__text">{t('enrol.choose.emailText')}</span>
          </span>
          <ArrowRightIcon class="icon choice__arrow" />
        </button>
      </Show>
    </div>
  )
}
