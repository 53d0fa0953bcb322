import { useLocation } from '@solidjs/router'
import { createEffect, createSignal, createUniqueId, For, on, onCleanup } from 'solid-js'
import { ChevronDownIcon } from '../../../components/action-icons'
import { BuildingIcon } from '../../../components/object-icons'
import { t } from '../../../i18n'
import { rememberClient } from '../current-client'
import type { ClientSummary } from '../queries'

type ClientSwitcherProps = { clients: ClientSummary[]; current: ClientSummary }

/**
 * For people who belong to several clients: which one they work for now, and the others to
 * switch to. A disclosure with links (closed by Escape, a click outside or navigation); the
 * choice is remembered on this device.
 */
export function ClientSwitcher(props: ClientSwitcherProps) {
  const panelId = createUniqueId()
  const location = useLocation()
  const [open, setOpen] = createSignal(false)
  let root: HTMLDivElement | undefined
  let toggle: HTMLButtonElement | undefined

  createEffect(on(() => location.pathname, () => setOpen(false), { defer: true }))
  createEffect(() => {
    if (!open()) return
    const onClick = (event: MouseEvent) => {
      if (root && !root.contains(event.target as Node)) setOpen(false)
    }
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return
      setOpen(false)
      toggle?.focus()
    }
    document.addEventListener('click', onClick)
    document.addEventListener('keydown', onKey)
    onCleanup(() => {
      document.removeEventListener('click', onClick)
      document.removeEventListener('keydown', onKey)
    })
  })

  return (
    <div class="switcher" ref={root}>
      <button
        ref={toggle}
        type="button"
        class="switcher__toggle"
        aria-expanded={open() ? 'true' : 'false'}
        aria-controls={panelId}
        onClick={() => setOpen(!open())}
      >
        <BuildingIcon class="icon switcher__icon" />
        <span class="visually-hidden">{t('switcher.label')}: </span>
        <span class="switcher__name">{props.current.name}</span>
        <ChevronDownIcon class="icon switcher__chevron" />
      </button>
      <div id={panelId} class="switcher__panel" hidden={!open()}>
        <p class="switcher__title">{t('switcher.title')}</p>
        <ul class="switcher__list">
          <For each={props.clients}>
            {(client) => (
              <li>
                <a
                  href={`/mandanten/${client.id}`}
                  class="switcher__link"
                  classList={{ 'switcher__link--current': client.id === props.current.id }}
                  aria-current={client.id === props.current.id ? 'true' : undefined}
                  onClick={() => rememberClient(client.id)}
                >
                  <span class="switcher__link-name">{client.name}</span>
                  <span class="switcher__link-meta">
                    {client.role ? t(`roles.${client.role}`) : client.number}
                  </span>
                </a>
              </li>
            )}
          </For>
        </ul>
      </div>
    </div>
  )
}
