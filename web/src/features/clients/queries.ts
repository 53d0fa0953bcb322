import { action, query } from '@solidjs/router'
import type { Locale } from '../../i18n'
import { getJson, patchJson, postJson } from '../../lib/api'
import type { Right, Role } from './rights'

export const CLIENTS = '/functions/v1/clients'
const id = (value: string) => encodeURIComponent(value)

/** A client as the switcher and the client list show it, with the caller's role (staff: null). */
export type ClientSummary = {
  id: string
  number: string
  name: string
  kind: 'person' | 'organisation'
  archivedAt: string | null
  role: Role | null
  rights: Right[] | null
}

export type StaffPerson = { id: string; displayName: string; email: string }

/** One client with the caller's own role and rights and the staff who look after it. */
export type Client = ClientSummary & {
  managersInviteOutside: boolean
  isStaff: boolean
  staff: StaffPerson[]
}

/** A membership in a client's team; narrowedRights null means "all rights of the role". */
export type Member = {
  id: string
  accountId: string
  displayName: string
  email: string
  role: Role
  /** False while a membership added by a client's manager waits for the person to accept. */
  accepted: boolean
  narrowedRights: Right[] | null
  rights: Right[]
  expiresAt: string | null
  revokedAt: string | null
  createdAt: string
  grantedBy: string | null
  lastSignInAt: string | null
  active: boolean
}

/** A membership someone added the caller to, waiting for them to accept. */
export type PendingMembership = {
  id: string
  clientId: string
  clientName: string
  role: Role
  createdAt: string
}

export type MembershipInput = { role: Role; rights: Right[] | null; expiresAt: string | null }
export type InviteMemberInput = MembershipInput & {
  clientId: string
  email: string
  displayName: string
  locale: Locale
}

/** The clients the caller may see (staff: those they look after; admins: all), by name. */
export const getClients = query(
  async (search?: string) =>
    (
      await getJson<{ clients: ClientSummary[] }>(
        search ? `${CLIENTS}?q=${encodeURIComponent(search)}` : CLIENTS,
      )
    ).clients,
  'clients.list',
)

/** One client; throws not_found for a client the caller may not see. */
export const getClient = query(
  (clientId: string) => getJson<Client>(`${CLIENTS}/${id(clientId)}`),
  'clients.one',
)

/** The client's team as the caller may see it, owners first. Throws not_found. */
export const getMembers = query(
  async (clientId: string) =>
    (await getJson<{ members: Member[] }>(`${CLIENTS}/${id(clientId)}/members`)).members,
  'clients.members',
)

/** Staff create a client and are assigned to it at once. */
export const createClient = action(
  (input: { name: string; kind: ClientSummary['kind'] }) =>
    postJson<{ id: string; number: string; name: string }>(CLIENTS, input),
  'clients.create',
)

/** Assigned staff rename a client or switch managersInviteOutside. */
export const updateClient = action(
  (input: { clientId: string; name?: string; managersInviteOutside?: boolean }) => {
    const { clientId, ...change } = input
    return patchJson<{ id: string }>(`${CLIENTS}/${id(clientId)}`, change)
  },
  'clients.update',
)

/** Admins assign a staff member to a client (others get not_found). */
export const assignStaff = action(
  (input: { clientId: string; accountId: string }) =>
    postJson<{ assigned: true }>(`${CLIENTS}/${id(input.clientId)}/staff`, {
      accountId: input.accountId,
    }),
  'clients.assignStaff',
)

/**
 * Adds a person to the team; they get an invitation (new) or a notice (existing account), and
 * the answer is the same either way. Added by staff, the membership counts at once; added by a
 * client's manager, it waits for the person to accept. Throws not_found when the caller may not
 * grant this.
 */
export const inviteMember = action((input: InviteMemberInput) => {
  const { clientId, ...body } = input
  return postJson<{ memberId: string }>(`${CLIENTS}/${id(clientId)}/members`, body)
}, 'clients.inviteMember')

/** Changes role, rights or expiry. Throws not_found beyond the caller's own rights. */
export const changeMember = action(
  (input: MembershipInput & { clientId: string; memberId: string }) => {
    const { clientId, memberId, ...change } = input
    return patchJson<{ changed: true }>(
      `${CLIENTS}/${id(clientId)}/members/${id(memberId)}`,
      change,
    )
  },
  'clients.changeMember',
)

/** Ends a membership; the person loses access with their next request. */
export const revokeMember = action(
  (input: { clientId: string; memberId: string }) =>
    postJson<{ changed: true }>(
      `${CLIENTS}/${id(input.clientId)}/members/${id(input.memberId)}/revoke`,
      {},
    ),
  'clients.revokeMember',
)

/** The caller's memberships that wait for their acceptance (added by a client's manager). */
export const getPendingMemberships = query(
  async () =>
    (await getJson<{ memberships: PendingMembership[] }>(`${CLIENTS}/memberships/pending`))
      .memberships,
  'clients.pending',
)

/** The person accepts a membership; only then does it grant anything. Throws not_found. */
export const acceptMembership = action(
  (memberId: string) =>
    postJson<{ accepted: true }>(`${CLIENTS}/memberships/${id(memberId)}/accept`, {}),
  'clients.acceptMembership',
)

/**
 * The clients a client member acts for: GET /clients also lists clients whose membership still
 * waits for the person's acceptance (so they can see who added them); those are left out here
 * until accepted.
 */
export const getMyClients = query(async () => {
  const [clients, pending] = await Promise.all([
    getClients(),
    getPendingMemberships().catch((): PendingMembership[] => []),
  ])
  const waiting = new Set(pending.map((membership) => membership.clientId))
  return clients.filter((client) => !waiting.has(client.id))
}, 'clients.mine')
