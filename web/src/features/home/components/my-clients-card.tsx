import { A, createAsync } from '@solidjs/router'
import { For, Show } from 'solid-js'
import { ArrowRightIcon } from '../../../components/action-icons'
import { BuildingIcon } from '../../../components/object-icons'
import { t } from '../../../i18n'
import { currentClient, rememberClient } from '../../clients/current-client'
import { getMyClients } from '../../clients/queries'

/** For client members: the way to their area (several clients: one link each). */
export function MyClientsCard() {
  const clients = createAsync(() => getMyClients().catch(() => []), { initialValue: [] })
  const current = () => currentClient(clients())?.id
  return (
    <Show when={clients().length > 0}>
      <article class="card">
        <BuildingIcon class="icon card__icon" />
        <h2 class="card__title">{t('home.myArea.title')}</h2>
        <p class="card__text">
          {clients().length > 1
            ? t('home.myArea.textMany', { count: clients().length })
            : t('home.myArea.text', { name: clients()[0]!.name })}
        </p>
        <Show
          when={clients().length > 1}
          fallback={
            <A href={`/mandanten/${clients()[0]!.id}`} class="card__link">
              <span>{t('home.myArea.open')}</span>
              <ArrowRightIcon />
            </A>
          }
        >
          <ul class="card__links">
            <For each={clients()}>
              {(client) => (
                <li>
                  <A
                    href={`/mandanten/${client.id}`}
                    class="card__link"
                    classList={{ 'card__link--current': client.id === current() }}
                    onClick={() => rememberClient(client.id)}
                  >
                    <span>{client.name}</span>
                    <ArrowRightIcon />
                  </A>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </article>
    </Show>
  )
}
