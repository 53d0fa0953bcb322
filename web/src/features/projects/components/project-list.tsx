import { A } from '@solidjs/router'
import { For, Show } from 'solid-js'
import { ArrowRightIcon } from '../../../components/action-icons'
import { FolderIcon } from '../../../components/object-icons'
import { t } from '../../../i18n'
import type { Project } from '../queries'
import { ProjectStatusBadge } from './project-status-badge'

/** Projects as rows: name, kind of matter, status and the start of the description. */
export function ProjectList(props: { projects: Project[]; label: string }) {
  return (
    <ul class="item-list" aria-label={props.label}>
      <For each={props.projects}>
        {(project) => (
          <li class="item item--link">
            <span class="item__icon" aria-hidden="true">
              <FolderIcon />
            </span>
            <div class="item__body">
              <A href={`/projekte/${project.id}`} class="item__title item__link">
                {project.name}
              </A>
              <p class="item__meta">
                {t(`projects.type.${project.type}`)}
                <Show when={project.description}>
                  {' · '}
                  <span class="item__excerpt">{project.description}</span>
                </Show>
              </p>
            </div>
            <ProjectStatusBadge status={project.status} />
            <ArrowRightIcon class="icon item__chevron" />
          </li>
        )}
      </For>
    </ul>
  )
}
