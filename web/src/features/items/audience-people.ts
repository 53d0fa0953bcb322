import { createAsync } from '@solidjs/router'
import { t } from '../../i18n'
import { getMembers } from '../clients/queries'
import { getProject, getProjects } from '../projects/queries'
import type { KnownPeople } from './audience-change'
import type { Candidate } from './components/audience-picker'
import type { Item } from './queries'

type Sources = {
  clientId: () => string | undefined
  projectId: () => string | null
  item: () => Item | undefined
}

/**
 * The people an info page of a client can be addressed to: the client's active members and the
 * chosen project's participants (outside ones included), with names for the audience change.
 * Without a client (group pages) everything is empty.
 */
export function useAudiencePeople(sources: Sources) {
  const projects = createAsync(
    async () => (sources.clientId() ? getProjects(sources.clientId()!) : []),
    { initialValue: [] },
  )
  const members = createAsync(
    async () => (sources.clientId() ? getMembers(sources.clientId()!) : []),
    { initialValue: [] },
  )
  const project = createAsync(async () => {
    const projectId = sources.projectId()
    return projectId ? getProject(projectId).catch(() => undefined) : undefined
  })
  const candidates = (): Candidate[] => {
    const fromMembers = members()
      .filter((member) => member.active)
      .map((m) => ({ accountId: m.accountId, displayName: m.displayName, outside: false }))
    const others = (project()?.participants ?? [])
      .filter((p) => !fromMembers.some((m) => m.accountId === p.accountId))
      .map((p) => ({
        accountId: p.accountId,
        displayName: p.displayName ?? t('participants.unnamed'),
        outside: p.kind === 'outside',
      }))
    return [...fromMembers, ...others]
  }
  const people = (): KnownPeople => ({
    members: members(),
    participants: project()?.participants ?? [],
    names: new Map([
      ...candidates().map((c) => [c.accountId, c.displayName] as const),
      ...(sources.item()?.audience.recipients ?? []).map((r) => [r.id, r.displayName] as const),
    ]),
  })
  return { projects, project, candidates, people }
}
