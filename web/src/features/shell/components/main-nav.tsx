import { A, createAsync, useLocation } from '@solidjs/router'
import { createEffect, Show } from 'solid-js'
import { t } from '../../../i18n'
import type { CurrentAccount } from '../../auth/queries'
import { ClientSwitcher } from '../../clients/components/client-switcher'
import { currentClient, rememberClient } from '../../clients/current-client'
import { getMyClients } from '../../clients/queries'
import { getSharePolicy } from '../../shares/queries'
import { ADMIN_HOME, AdminNav, isAdminPath } from './admin-nav'

type MainNavProps = { account: CurrentAccount }

/**
 * The signed-in sections as tabs under the header; the current one carries aria-current. Staff
 * get the client list, the chat queue and "Verwaltung" (the firm's settings, with their own second
 * row of tabs); client members "Mein Bereich" (their client) and, when they belong to several
 * clients, the switcher.
 */
export function MainNav(props: MainNavProps) {
  const isStaff = () => props.account.kind === 'staff'
  const location = useLocation()
  return (
    <>
      <nav class="main-nav" aria-label={t('nav.label')}>
        <div class="main-nav__inner">
          <div class="main-nav__links">
            <A href="/" end class="main-nav__link" activeClass="main-nav__link--active">
              {t('nav.overview')}
            </A>
            <Show when={isStaff()}>
              <A href="/mandanten" class="main-nav__link" activeClass="main-nav__link--active">
                {t('nav.clients')}
              </A>
            </Show>
            <Show when={props.account.kind === 'client'}>
              <MyClientLink />
            </Show>
            <Show when={isStaff()} fallback={<Show when={props.account.kind === 'client'}><MySharesLink /></Show>}>
              <A href="/freigaben" class="main-nav__link" activeClass="main-nav__link--active">
                {t('shares.nav')}
              </A>
            </Show>
            <Show when={isStaff()}>
              <A href="/chats" class="main-nav__link" activeClass="main-nav__link--active">
                {t('chat.queue.nav')}
              </A>
            </Show>
            <A href="/nachrichten" class="main-nav__link" activeClass="main-nav__link--active">
              {t('messages.nav')}
            </A>
            <A href="/termine" class="main-nav__link" activeClass="main-nav__link--active">
              {t('appointments.nav')}
            </A>
            <A href="/sicherheit" class="main-nav__link" activeClass="main-nav__link--active">
              {t('nav.security')}
            </A>
            <Show when={isStaff()}>
              {/* Active on every settings page, not only on the first one it leads to. */}
              <a
                href={ADMIN_HOME}
                class="main-nav__link"
                classList={{ 'main-nav__link--active': isAdminPath(location.pathname) }}
                aria-current={isAdminPath(location.pathname) ? 'page' : undefined}
              >
                {t('nav.admin')}
              </a>
            </Show>
          </div>
          <Show when={props.account.kind === 'client'}>
            <MySwitcher />
          </Show>
        </div>
      </nav>
      <Show when={isStaff() && isAdminPath(location.pathname)}>
        <AdminNav account={props.account} />
      </Show>
    </>
  )
}

/** The clients of a client member; an empty list when they cannot be read (the nav stays calm). */
function useMyClients() {
  const clients = createAsync(() => getMyClients().catch(() => []), { initialValue: [] })
  const location = useLocation()
  // Opening one of one's clients by address counts as choosing it.
  createEffect(() => {
    const id = /^\/mandanten\/([^/]+)/.exec(location.pathname)?.[1]
    if (id && clients().some((client) => client.id === id)) rememberClient(id)
  })
  return clients
}

function MyClientLink() {
  const clients = useMyClients()
  return (
    <Show when={currentClient(clients())}>
      {(client) => (
        <A
          href={`/mandanten/${client().id}`}
          class="main-nav__link"
          activeClass="main-nav__link--active"
        >
          {t('nav.myArea')}
        </A>
      )}
    </Show>
  )
}

function MySwitcher() {
  const clients = useMyClients()
  return (
    <Show when={clients().length > 1 && currentClient(clients())}>
      {(client) => <ClientSwitcher clients={clients()} current={client()} />}
    </Show>
  )
}

/** "Freigaben" for a client member who may share for their current client (policy canShare). */
function MySharesLink() {
  const clients = useMyClients()
  const policy = createAsync(async () => {
    const client = currentClient(clients())
    return client ? getSharePolicy(client.id).catch(() => undefined) : undefined
  })
  return (
    <Show when={policy()?.canShare}>
      <A href="/freigaben" class="main-nav__link" activeClass="main-nav__link--active">
        {t('shares.nav')}
      </A>
    </Show>
  )
}
