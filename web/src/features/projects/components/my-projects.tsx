import { createAsync } from '@solidjs/router'
import { Show, Suspense } from 'solid-js'
import { EmptyState } from '../../../components/empty-state'
import { FolderIcon } from '../../../components/object-icons'
import { PageLoading } from '../../../components/page-loading'
import { t } from '../../../i18n'
import { getProjects } from '../queries'
import { ProjectList } from './project-list'

/**
 * "Meine Projekte" for outside participants (tax adviser, notary …): the projects they were
 * invited to; each shows only what is addressed to them.
 */
export function MyProjects() {
  const projects = createAsync(() => getProjects())
  return (
    <section class="panel" aria-labelledby="my-projects-title">
      <h2 id="my-projects-title" class="panel__title">
        {t('projects.mine')}
      </h2>
      <p class="panel__lead">{t('projects.mineLead')}</p>
      <Suspense fallback={<PageLoading />}>
        <Show
          when={(projects() ?? []).length > 0}
          fallback={
            <EmptyState
              icon={<FolderIcon />}
              title={t('projects.mineEmpty')}
              text={t('projects.mineEmptyText')}
            />
          }
        >
          <ProjectList projects={projects()!} label={t('projects.mine')} />
        </Show>
      </Suspense>
    </section>
  )
}
