import { A, useLocation } from '@solidjs/router'
import { createEffect, createSignal, createUniqueId, on, onCleanup, Show } from 'solid-js'
import { ChevronDownIcon } from '../../../components/action-icons'
import { ShieldIcon } from '../../../components/icons'
import { t } from '../../../i18n'
import type { CurrentAccount } from '../../auth/queries'
import { SignOutButton } from './sign-out-button'

type UserMenuProps = { account: CurrentAccount; overdue: boolean }

/** "AB" from "Dr. Anna Berger": the first letters of the first and the last name. */
function initials(name: string): string {
  const words = name
    .split(/\s+/)
    .filter((word) => word && !word.endsWith('.'))
    .map((word) => word[0]!.toUpperCase())
  return (words.length > 1 ? words[0]! + words[words.length - 1]! : (words[0] ?? '?')).slice(0, 2)
}

/**
 * The person's menu in the header: who is signed in, a link to the security page and sign-out.
 * A disclosure (button + panel), closed by Escape, a click outside or navigation.
 */
export function UserMenu(props: UserMenuProps) {
  const panelId = createUniqueId()
  const location = useLocation()
  const [open, setOpen] = createSignal(false)
  let root: HTMLDivElement | undefined
  let toggle: HTMLButtonElement | undefined

  createEffect(on(() => location.pathname, () => setOpen(false), { defer: true }))

  const onDocumentClick = (event: MouseEvent) => {
    if (open() && root && !root.contains(event.target as Node)) setOpen(false)
  }
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && open()) {
      setOpen(false)
      toggle?.focus()
    }
  }
  document.addEventListener('click', onDocumentClick)
  document.addEventListener('keydown', onKey)
  onCleanup(() => {
    document.removeEventListener('click', onDocumentClick)
    document.removeEventListener('keydown', onKey)
  })

  return (
    <div class="user-menu" ref={root}>
      <button
        ref={toggle}
        type="button"
        class="user-menu__toggle"
        aria-expanded={open() ? 'true' : 'false'}
        aria-controls={panelId}
        onClick={() => setOpen(!open())}
      >
        <span class="user-menu__avatar" aria-hidden="true">
          {initials(props.account.displayName)}
        </span>
        <span class="user-menu__name">{props.account.displayName}</span>
        <span class="visually-hidden">{t('nav.userMenu')}</span>
        <ChevronDownIcon class="icon user-menu__chevron" />
      </button>
      <div id={panelId} class="user-menu__panel" hidden={!open()}>
        <p class="user-menu__who">
          <strong>{props.account.displayName}</strong>
          <span>{props.account.email}</span>
        </p>
        <Show when={!props.overdue}>
          <A href="/sicherheit" class="user-menu__link">
            <ShieldIcon />
            <span>{t('nav.securitySettings')}</span>
          </A>
        </Show>
        <SignOutButton class="user-menu__sign-out" />
      </div>
    </div>
  )
}
