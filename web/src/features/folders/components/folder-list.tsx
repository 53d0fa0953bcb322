import { A } from '@solidjs/router'
import { For, Show, type JSX } from 'solid-js'
import { AudienceChip } from '../../../components/audience-chip'
import { FolderIcon } from '../../../components/object-icons'
import { t } from '../../../i18n'
import { formatTime } from '../../../lib/format'
import type { FolderRow } from '../queries'

type FolderListProps = {
  folders: FolderRow[]
  clientName?: string
  label: string
  empty: JSX.Element
}

/** Folders as linked rows: title, how many documents and comments, last activity, who sees it. */
export function FolderList(props: FolderListProps) {
  return (
    <Show when={props.folders.length > 0} fallback={props.empty}>
      <ul class="item-list" aria-label={props.label}>
        <For each={props.folders}>
          {(folder) => (
            <li class="item item--link">
              <span class="item__icon folder-icon" aria-hidden="true">
                <FolderIcon />
              </span>
              <div class="item__body">
                <A href={`/mappen/${folder.id}`} class="item__title item__link">
                  {folder.title}
                </A>
                <p class="item__meta">
                  {documentCount(folder.documents)}
                  <Show when={folder.comments > 0}>
                    {' · '}
                    {folder.comments === 1
                      ? t('folders.commentOne')
                      : t('folders.commentCount', { count: folder.comments })}
                  </Show>
                  {' · '}
                  {t('folders.lastActivity', { date: formatTime(folder.lastActivityAt, 'date') })}
                </p>
              </div>
              <span class="item__chip">
                <AudienceChip
                  audience={{
                    kind: folder.audience,
                    clientName: props.clientName,
                    projectName: folder.projectName,
                    recipients: folder.recipients,
                  }}
                />
              </span>
            </li>
          )}
        </For>
      </ul>
    </Show>
  )
}

export const documentCount = (count: number) =>
  count === 0
    ? t('folders.documentsNone')
    : count === 1
      ? t('folders.documentOne')
      : t('folders.documents', { count })
