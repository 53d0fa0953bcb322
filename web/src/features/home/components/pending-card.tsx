import { A, createAsync } from '@solidjs/router'
import { Show } from 'solid-js'
import { ArrowRightIcon } from '../../../components/action-icons'
import { MailIcon } from '../../../components/object-icons'
import { t } from '../../../i18n'
import { formatList } from '../../../lib/format'
import { getPendingMemberships } from '../../clients/queries'

/** Shown while someone has added the person to a client and waits for them to accept. */
export function PendingCard() {
  const pending = createAsync(() => getPendingMemberships().catch(() => []), { initialValue: [] })
  return (
    <Show when={pending().length > 0}>
      <article class="card card--highlight">
        <MailIcon class="icon card__icon" />
        <h2 class="card__title">{t('invitations.cardTitle')}</h2>
        <p class="card__text">
          {t('invitations.cardText', {
            clients: formatList(pending().map((membership) => membership.clientName)),
          })}
        </p>
        <A href="/einladungen" class="button button--primary card__action">
          <span>{t('invitations.cardAction')}</span>
          <ArrowRightIcon />
        </A>
      </article>
    </Show>
  )
}
