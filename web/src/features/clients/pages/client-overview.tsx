import { A, createAsync } from '@solidjs/router'
import { Show } from 'solid-js'
import { PlusIcon } from '../../../components/action-icons'
import { EmptyState } from '../../../components/empty-state'
import { DocumentIcon, PageIcon } from '../../../components/object-icons'
import { t } from '../../../i18n'
import { ItemList } from '../../items/components/item-list'
import { getProjects } from '../../projects/queries'
import { useClient } from '../client-context'
import type { Client } from '../queries'

/** The client's first tab: its info pages, then everything else that came lately. */
export default function ClientOverview() {
  const client = useClient()
  return <Show when={client()}>{(current) => <Overview client={current()} />}</Show>
}

function Overview(props: { client: Client }) {
  const seesProjects = () =>
    props.client.isStaff || Boolean(props.client.rights?.includes('projects.read'))
  // Project names for the chips; without the right to see projects the chip says "Projekt".
  const projects = createAsync(
    async () => (seesProjects() ? getProjects(props.client.id).catch(() => []) : []),
    { initialValue: [] },
  )
  const projectNames = () => Object.fromEntries(projects().map((p) => [p.id, p.name]))
  const scope = () => ({ clientId: props.client.id })

  return (
    <div class="stack">
      <section class="panel" aria-labelledby="info-pages-title">
        <div class="panel__head">
          <h2 id="info-pages-title" class="panel__title">
            {t('clients.overview.infoPages')}
          </h2>
          <Show when={props.client.isStaff}>
            <A
              href={`/mandanten/${props.client.id}/infoseiten/neu`}
              class="button button--secondary button--small"
            >
              <PlusIcon />
              <span>{t('infoPages.write')}</span>
            </A>
          </Show>
        </div>
        <ItemList
          scope={scope()}
          clientName={props.client.name}
          projectNames={projectNames()}
          filter={(item) => item.kind === 'info_page'}
          label={t('clients.overview.infoPages')}
          empty={
            <EmptyState
              icon={<PageIcon />}
              title={t('clients.overview.noInfoPages')}
              text={
                props.client.isStaff
                  ? t('clients.overview.noInfoPagesStaff')
                  : t('clients.overview.noInfoPagesText')
              }
            />
          }
        />
      </section>
      <section class="panel" aria-labelledby="latest-title">
        <h2 id="latest-title" class="panel__title">
          {t('clients.overview.latest')}
        </h2>
        <ItemList
          scope={scope()}
          clientName={props.client.name}
          projectNames={projectNames()}
          filter={(item) => item.kind !== 'info_page'}
          label={t('clients.overview.latest')}
          empty={
            <EmptyState
              icon={<DocumentIcon />}
              title={t('clients.overview.noItems')}
              text={t('clients.overview.noItemsText')}
            />
          }
        />
      </section>
    </div>
  )
}
