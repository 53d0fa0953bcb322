import { A } from '@solidjs/router'
import { Show } from 'solid-js'
import { t } from '../../../i18n'

type MainNavProps = { isStaff: boolean }

/** The signed-in sections as tabs under the header; the current one carries aria-current. */
export function MainNav(props: MainNavProps) {
  return (
    <nav class="main-nav" aria-label={t('nav.label')}>
      <div class="main-nav__inner">
        <A href="/" end class="main-nav__link" activeClass="main-nav__link--active">
          {t('nav.overview')}
        </A>
        <A href="/sicherheit" class="main-nav__link" activeClass="main-nav__link--active">
          {t('nav.security')}
        </A>
        <Show when={props.isStaff}>
          <A
            href="/verwaltung/benutzer"
            class="main-nav__link"
            activeClass="main-nav__link--active"
          >
            {t('nav.users')}
          </A>
        </Show>
      </div>
    </nav>
  )
}
