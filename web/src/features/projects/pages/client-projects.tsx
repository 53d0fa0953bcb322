import { createAsync, useNavigate } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { PlusIcon } from '../../../components/action-icons'
import { EmptyState } from '../../../components/empty-state'
import { FolderIcon } from '../../../components/object-icons'
import { t } from '../../../i18n'
import { useClient } from '../../clients/client-context'
import type { Client } from '../../clients/queries'
import { CreateProjectDialog } from '../components/create-project-dialog'
import { ProjectList } from '../components/project-list'
import { getProjects } from '../queries'

/** The client's projects (Mandate); staff open new ones. */
export default function ClientProjects() {
  const client = useClient()
  return <Show when={client()}>{(current) => <Projects client={current()} />}</Show>
}

function Projects(props: { client: Client }) {
  const navigate = useNavigate()
  const projects = createAsync(() => getProjects(props.client.id))
  const [creating, setCreating] = createSignal(false)
  return (
    <section class="panel" aria-labelledby="projects-title">
      <div class="panel__head">
        <div>
          <h2 id="projects-title" class="panel__title">
            {t('projects.title')}
          </h2>
          <p class="panel__lead">{t('projects.lead')}</p>
        </div>
        <Show when={props.client.isStaff}>
          <button type="button" class="button button--primary" onClick={() => setCreating(true)}>
            <PlusIcon />
            <span>{t('projects.create.open')}</span>
          </button>
        </Show>
      </div>
      <Show
        when={(projects() ?? []).length > 0}
        fallback={
          <EmptyState
            icon={<FolderIcon />}
            title={t('projects.empty')}
            text={props.client.isStaff ? t('projects.emptyStaff') : t('projects.emptyText')}
          />
        }
      >
        <ProjectList projects={projects()!} label={t('projects.title')} />
      </Show>
      <CreateProjectDialog
        open={creating()}
        clientId={props.client.id}
        onClose={() => setCreating(false)}
        onCreated={(id) => {
          setCreating(false)
          navigate(`/projekte/${id}`)
        }}
      />
    </section>
  )
}
