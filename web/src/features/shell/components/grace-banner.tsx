import { A } from '@solidjs/router'
import { ShieldIcon } from '../../../components/icons'
import { t } from '../../../i18n'
import { formatDuration, formatTime } from '../../../lib/format'
import { ENROL_PATH } from '../../auth/account'

type GraceBannerProps = { remainingMs: number; deadline: string }

/**
 * The reminder for accounts without a second factor, counting down the grace period; after it
 * the account can only enrol, so the banner names the exact deadline too.
 */
export function GraceBanner(props: GraceBannerProps) {
  return (
    <section class="grace-banner" aria-labelledby="grace-banner-text">
      <div class="grace-banner__inner">
        <ShieldIcon class="icon grace-banner__icon" />
        <p class="grace-banner__text" id="grace-banner-text">
          <strong>{t('grace.banner', { time: formatDuration(props.remainingMs) })}</strong>
          <span class="grace-banner__detail">
            {t('grace.detail', { deadline: formatTime(props.deadline, 'short') })}
          </span>
        </p>
        <A href={ENROL_PATH} class="button button--brass grace-banner__action">
          {t('grace.action')}
        </A>
      </div>
    </section>
  )
}
