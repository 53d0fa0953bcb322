import { A } from '@solidjs/router'
import { For } from 'solid-js'
import { t } from '../../../i18n'
import type { CurrentAccount } from '../../auth/queries'

/** The firm's settings pages under /verwaltung; the last ones are for admins only. */
const SECTIONS = [
  { href: '/verwaltung/benutzer', label: 'nav.users', adminOnly: false },
  { href: '/verwaltung/gruppen', label: 'nav.groups', adminOnly: false },
  { href: '/verwaltung/aufbewahrung', label: 'operations.nav', adminOnly: false },
  { href: '/verwaltung/dokumente', label: 'documentAdmin.nav', adminOnly: true },
  { href: '/verwaltung/nachrichten', label: 'messages.categorySettings.nav', adminOnly: true },
  { href: '/verwaltung/freigaben', label: 'shares.settings.nav', adminOnly: true },
  { href: '/verwaltung/sprechzeiten', label: 'nav.officeHours', adminOnly: true },
] as const

/** Where "Verwaltung" in the main navigation leads. */
export const ADMIN_HOME = SECTIONS[0]!.href

export const isAdminPath = (pathname: string) => pathname === '/verwaltung' || pathname.startsWith('/verwaltung/')

/**
 * The second row of tabs on the firm's settings pages: one "Verwaltung" entry in the main
 * navigation instead of a tab per settings page (the main row stays readable on a laptop).
 */
export function AdminNav(props: { account: CurrentAccount }) {
  const sections = () => SECTIONS.filter((section) => !section.adminOnly || props.account.isAdmin)
  return (
    <nav class="main-nav main-nav--sub" aria-label={t('nav.adminLabel')}>
      <div class="main-nav__inner">
        <div class="main-nav__links">
          <For each={sections()}>
            {(section) => (
              <A href={section.href} class="main-nav__link" activeClass="main-nav__link--active">
                {t(section.label)}
              </A>
            )}
          </For>
        </div>
      </div>
    </nav>
  )
}
