import { Navigate, createAsync } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { PlusIcon } from '../../../components/action-icons'
import { Alert } from '../../../components/alert'
import { EmptyState } from '../../../components/empty-state'
import { LayersIcon } from '../../../components/object-icons'
import { t } from '../../../i18n'
import { usePageTitle } from '../../../lib/page-title'
import { useAccount } from '../../auth/account-context'
import { getClients } from '../../clients/queries'
import { CreateGroupDialog } from '../components/create-group-dialog'
import { GroupPanel } from '../components/group-panel'
import { getGroups } from '../queries'
import '../groups.css'

/**
 * /verwaltung/gruppen (staff): groups of clients such as "alle GmbH-Gründer" – which clients
 * belong to each, and info pages written once for all of them.
 */
export default function GroupsPage() {
  usePageTitle('groups.title')
  const me = useAccount()
  return (
    <Show when={me()}>
      {(current) => (
        <Show when={current().kind === 'staff'} fallback={<Navigate href="/" />}>
          <GroupsView />
        </Show>
      )}
    </Show>
  )
}

function GroupsView() {
  const groups = createAsync(() => getGroups())
  const clients = createAsync(() => getClients(), { initialValue: [] })
  const [creating, setCreating] = createSignal(false)
  const [notice, setNotice] = createSignal<string>()

  return (
    <div class="page groups-page">
      <header class="page-head page-head--with-action">
        <div>
          <p class="eyebrow eyebrow--on-dark">{t('groups.eyebrow')}</p>
          <h1 id="page-title" class="page-head__title">
            {t('groups.title')}
          </h1>
          <p class="page-head__lead">{t('groups.lead')}</p>
        </div>
        <button type="button" class="button button--brass" onClick={() => setCreating(true)}>
          <PlusIcon />
          <span>{t('groups.create.open')}</span>
        </button>
      </header>
      <Show when={notice()}>
        {(text) => (
          <div class="panel panel--notice">
            <Alert tone="success">{text()}</Alert>
          </div>
        )}
      </Show>
      <Show
        when={(groups() ?? []).length > 0}
        fallback={
          <section class="panel">
            <EmptyState
              icon={<LayersIcon />}
              title={t('groups.empty')}
              text={t('groups.emptyText')}
            />
          </section>
        }
      >
        <div class="stack">
          <For each={groups()}>{(group) => <GroupPanel group={group} clients={clients()} />}</For>
        </div>
      </Show>
      <CreateGroupDialog
        open={creating()}
        onClose={() => setCreating(false)}
        onCreated={(name) => {
          setCreating(false)
          setNotice(t('groups.create.done', { name }))
        }}
      />
    </div>
  )
}
