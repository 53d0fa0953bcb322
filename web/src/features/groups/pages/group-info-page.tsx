import { Navigate, createAsync, useParams } from '@solidjs/router'
import { Show } from 'solid-js'
import { t } from '../../../i18n'
import { usePageTitle } from '../../../lib/page-title'
import { useAccount } from '../../auth/account-context'
import { InfoPageEditor } from '../../items/components/info-page-editor'
import { getGroups } from '../queries'
import '../../items/items.css'

/** /verwaltung/gruppen/:groupId/infoseite: staff write one info page for a group's clients. */
export default function GroupInfoPage() {
  usePageTitle('editor.newTitle')
  const params = useParams<{ groupId: string }>()
  const me = useAccount()
  const groups = createAsync(() => getGroups())
  const group = () => groups()?.find((candidate) => candidate.id === params.groupId)
  return (
    <Show when={me()?.kind === 'staff'} fallback={<Navigate href="/" />}>
      <Show when={groups()}>
        <Show when={group()} fallback={<Navigate href="/verwaltung/gruppen" />}>
          {(current) => (
            <div class="page editor-page">
              <header class="page-head">
                <p class="eyebrow eyebrow--on-dark">{t('editor.eyebrow')}</p>
                <h1 id="page-title" class="page-head__title">
                  {t('editor.newTitle')}
                </h1>
                <p class="page-head__lead">{t('editor.forGroup', { name: current().name })}</p>
              </header>
              <InfoPageEditor
                target={{ kind: 'group', groupId: current().id, groupName: current().name }}
              />
            </div>
          )}
        </Show>
      </Show>
    </Show>
  )
}
