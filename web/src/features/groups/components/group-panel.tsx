import { A, useAction } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { PlusIcon } from '../../../components/action-icons'
import { Alert } from '../../../components/alert'
import { BuildingIcon, LayersIcon } from '../../../components/object-icons'
import { SelectField } from '../../../components/select-field'
import { t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import type { ClientSummary } from '../../clients/queries'
import { setGroupClient, type ClientGroup } from '../queries'

type GroupPanelProps = { group: ClientGroup; clients: ClientSummary[] }

/** One group: its clients (add, take out) and the way to an info page for all of them. */
export function GroupPanel(props: GroupPanelProps) {
  const change = useAction(setGroupClient)
  const [chosen, setChosen] = createSignal('')
  const [pending, setPending] = createSignal(false)
  const [failure, setFailure] = createSignal<ApiError>()
  const titleId = () => `group-${props.group.id}`
  const inGroup = () => props.clients.filter((client) => props.group.clientIds.includes(client.id))
  const others = () => props.clients.filter((client) => !props.group.clientIds.includes(client.id))
  const selected = () => chosen() || others()[0]?.id || ''

  async function run(clientId: string, member: boolean) {
    if (pending() || !clientId) return
    setPending(true)
    setFailure(undefined)
    try {
      await change({ groupId: props.group.id, clientId, member })
      setChosen('')
    } catch (thrown) {
      setFailure(toApiError(thrown))
    } finally {
      setPending(false)
    }
  }

  return (
    <section class="panel group" aria-labelledby={titleId()}>
      <div class="panel__head">
        <div class="group__head">
          <span class="group__icon" aria-hidden="true">
            <LayersIcon />
          </span>
          <div>
            <h2 id={titleId()} class="panel__title group__title">
              {props.group.name}
            </h2>
            <p class="panel__lead">
              {t(props.group.clientIds.length === 1 ? 'groups.countOne' : 'groups.count', {
                count: props.group.clientIds.length,
              })}
            </p>
          </div>
        </div>
        <A
          href={`/verwaltung/gruppen/${props.group.id}/infoseite`}
          class="button button--secondary button--small"
        >
          <PlusIcon />
          <span>{t('groups.writePage')}</span>
        </A>
      </div>
      <Show when={failure()}>
        {(error) => (
          <Alert tone="error" detail={requestIdText(error())}>
            {error().code === 'not_found' ? t('errors.notAllowed') : genericErrorText(error())}
          </Alert>
        )}
      </Show>
      <Show
        when={inGroup().length > 0}
        fallback={<p class="muted group__empty">{t('groups.noClients')}</p>}
      >
        <ul class="item-list" aria-label={t('groups.clientsOf', { name: props.group.name })}>
          <For each={inGroup()}>
            {(client) => (
              <li class="item item--compact">
                <span class="item__icon" aria-hidden="true">
                  <BuildingIcon />
                </span>
                <div class="item__body">
                  <A href={`/mandanten/${client.id}`} class="item__title">
                    {client.name}
                  </A>
                  <p class="item__meta">{t('clients.number', { number: client.number })}</p>
                </div>
                <button
                  type="button"
                  class="button button--secondary button--small"
                  aria-label={t('groups.removeLabel', {
                    client: client.name,
                    group: props.group.name,
                  })}
                  onClick={() => void run(client.id, false)}
                >
                  {t('groups.remove')}
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={others().length > 0}>
        <form
          class="form inline-form"
          novalidate
          onSubmit={(event) => {
            event.preventDefault()
            void run(selected(), true)
          }}
        >
          <SelectField
            id={`group-add-${props.group.id}`}
            label={t('groups.addClient')}
            value={selected()}
            options={others().map((client) => ({
              value: client.id,
              label: `${client.name} (${client.number})`,
            }))}
            onChange={setChosen}
          />
          <div class="inline-form__actions">
            <button
              type="submit"
              class="button button--secondary"
              classList={{ 'button--pending': pending() }}
              aria-disabled={pending() ? 'true' : undefined}
            >
              <span class="button__spinner" aria-hidden="true" />
              <span>{t('groups.add')}</span>
            </button>
          </div>
        </form>
      </Show>
    </section>
  )
}
