import { t, type TranslationKey } from '../../i18n'
import type { Client, Member } from './queries'

export const ROLES = ['owner', 'manager', 'member', 'viewer'] as const
export type Role = (typeof ROLES)[number]

export const RIGHTS = [
  'documents.read',
  'documents.upload',
  'messages.write',
  'appointments.book',
  'shares.create',
  'projects.read',
  'members.manage',
] as const
export type Right = (typeof RIGHTS)[number]

/**
 * What a role may do when its rights are not narrowed; the same table as private.role_rights in
 * policies/02-clients.sql (the server decides, this only pre-fills the form).
 */
export const ROLE_RIGHTS: Record<Role, readonly Right[]> = {
  owner: RIGHTS,
  manager: RIGHTS,
  member: [
    'documents.read',
    'documents.upload',
    'messages.write',
    'appointments.book',
    'projects.read',
  ],
  viewer: ['documents.read', 'projects.read'],
}

const RIGHT_LABELS = {
  'documents.read': 'rights.documentsRead',
  'documents.upload': 'rights.documentsUpload',
  'messages.write': 'rights.messagesWrite',
  'appointments.book': 'rights.appointmentsBook',
  'shares.create': 'rights.sharesCreate',
  'projects.read': 'rights.projectsRead',
  'members.manage': 'rights.membersManage',
} as const satisfies Record<Right, TranslationKey>

/** "Dokumente sehen", "Team verwalten" … */
export const rightLabel = (right: Right): string => t(RIGHT_LABELS[right])

const RANK: Record<Role, number> = { owner: 4, manager: 3, member: 2, viewer: 1 }

/** Staff, and members holding members.manage, look after the team. */
export function managesTeam(client: Client): boolean {
  return client.isStaff || Boolean(client.rights?.includes('members.manage'))
}

/** The roles the caller may hand out: staff any; a manager none above their own, never owner. */
export function grantableRoles(client: Client): Role[] {
  if (client.isStaff) return [...ROLES]
  const own = client.role ? RANK[client.role] : 0
  return ROLES.filter((role) => role !== 'owner' && RANK[role] <= own)
}

/** Whether the caller may change or revoke this membership (not their own, not an owner's). */
export function mayChange(client: Client, member: Member, myAccountId: string): boolean {
  if (member.revokedAt) return false
  if (client.isStaff) return true
  return managesTeam(client) && member.role !== 'owner' && member.accountId !== myAccountId
}

/** The rights the caller holds and may therefore pass on (staff: all). */
export function grantableRights(client: Client): readonly Right[] {
  return client.isStaff ? RIGHTS : (client.rights ?? [])
}

/**
 * The rights to send: null when every right of the role stays ticked (no narrowing, so later
 * changes to the role's defaults apply), otherwise the ticked ones.
 */
export function rightsToSend(role: Role, ticked: readonly Right[]): Right[] | null {
  const full = ROLE_RIGHTS[role]
  const kept = full.filter((right) => ticked.includes(right))
  return kept.length === full.length ? null : kept
}
