import { A, createAsync } from '@solidjs/router'
import { Show } from 'solid-js'
import { PlusIcon } from '../../../components/action-icons'
import { EmptyState } from '../../../components/empty-state'
import { FolderIcon } from '../../../components/object-icons'
import { t } from '../../../i18n'
import { useClient } from '../../clients/client-context'
import type { Client } from '../../clients/queries'
import { FolderList } from '../components/folder-list'
import { getFolders } from '../queries'
import '../folders.css'

/** Staff and members who may upload create folders (the server's policies decide again). */
export const mayCreateFolder = (client: Client) =>
  client.isStaff || Boolean(client.rights?.includes('documents.upload'))

/** /mandanten/:clientId/mappen: the client's document folders, latest activity first. */
export default function ClientFolders() {
  const client = useClient()
  return <Show when={client()}>{(current) => <Folders client={current()} />}</Show>
}

function Folders(props: { client: Client }) {
  const folders = createAsync(() => getFolders({ clientId: props.client.id }))
  return (
    <section class="panel" aria-labelledby="folders-title">
      <div class="panel__head">
        <div>
          <h2 id="folders-title" class="panel__title">
            {t('folders.title')}
          </h2>
          <p class="panel__lead">{t('folders.lead')}</p>
        </div>
        <Show when={mayCreateFolder(props.client)}>
          <A
            href={`/mandanten/${props.client.id}/mappen/neu`}
            class="button button--primary button--small"
          >
            <PlusIcon />
            <span>{t('folders.create')}</span>
          </A>
        </Show>
      </div>
      <Show when={folders()}>
        {(list) => (
          <FolderList
            folders={list()}
            clientName={props.client.name}
            label={t('folders.listLabel', { name: props.client.name })}
            empty={
              <EmptyState
                icon={<FolderIcon />}
                title={t('folders.empty')}
                text={
                  mayCreateFolder(props.client)
                    ? t('folders.emptyTextCreate')
                    : t('folders.emptyText')
                }
              />
            }
          />
        )}
      </Show>
    </section>
  )
}
