import { action, query } from '@solidjs/router'
import type { Locale } from '../../i18n'
import { getJson, patchJson, postJson } from '../../lib/api'
import { CLIENTS } from '../clients/queries'

const PROJECTS = `${CLIENTS}/projects`
const id = (value: string) => encodeURIComponent(value)

export const PROJECT_TYPES = ['formation', 'contract', 'retainer', 'litigation', 'other'] as const
export type ProjectType = (typeof PROJECT_TYPES)[number]
export const PROJECT_STATUSES = ['open', 'paused', 'closed'] as const
export type ProjectStatus = (typeof PROJECT_STATUSES)[number]

/** A project (Mandat) of one client. */
export type Project = {
  id: string
  clientId: string
  name: string
  type: ProjectType
  status: ProjectStatus
  description: string
  createdAt: string
}

/** Someone taking part: a client member, or an outside participant (tax adviser, notary …). */
export type Participant = {
  accountId: string
  /** null when the caller may not read the person's name. */
  displayName: string | null
  kind: 'member' | 'outside'
  createdAt: string
}

export type ProjectDetail = Project & { participants: Participant[] }

/** The projects the caller may see, of one client or (without clientId) of all. */
export const getProjects = query(
  async (clientId?: string) =>
    (
      await getJson<{ projects: Project[] }>(
        clientId ? `${PROJECTS}?clientId=${id(clientId)}` : PROJECTS,
      )
    ).projects,
  'projects.list',
)

/** One project with the participants the caller may see. Throws not_found. */
export const getProject = query(
  (projectId: string) => getJson<ProjectDetail>(`${PROJECTS}/${id(projectId)}`),
  'projects.one',
)

/** Assigned staff open a project for a client. */
export const createProject = action(
  (input: { clientId: string; name: string; type: ProjectType; description: string }) => {
    const { clientId, ...body } = input
    return postJson<{ id: string }>(`${PROJECTS}?clientId=${id(clientId)}`, body)
  },
  'projects.create',
)

/** Assigned staff rename, pause, close or reopen a project. */
export const updateProject = action(
  (input: { projectId: string; name?: string; status?: ProjectStatus; description?: string }) => {
    const { projectId, ...change } = input
    return patchJson<{ updated: true }>(`${PROJECTS}/${id(projectId)}`, change)
  },
  'projects.update',
)

export type NewParticipant =
  | { accountId: string }
  | { email: string; displayName: string; locale: Locale }

/**
 * Adds a client member, or invites an outside participant by e-mail (they get an own account).
 * Throws not_found when the caller may not (e.g. managers while staff do not allow it).
 */
export const addParticipant = action(
  (input: { projectId: string; person: NewParticipant }) =>
    postJson<{ accountId?: string }>(
      `${PROJECTS}/${id(input.projectId)}/participants`,
      input.person,
    ),
  'projects.addParticipant',
)

/** Ends a participation; effective with the person's next request. */
export const removeParticipant = action(
  (input: { projectId: string; accountId: string }) =>
    postJson<{ removed: true }>(
      `${PROJECTS}/${id(input.projectId)}/participants/${id(input.accountId)}/remove`,
      {},
    ),
  'projects.removeParticipant',
)
