import { action, query } from '@solidjs/router'
import { deleteJson, getJson, postJson } from '../../lib/api'
import { CLIENTS } from '../clients/queries'

const GROUPS = `${CLIENTS}/groups`
const id = (value: string) => encodeURIComponent(value)

/** A group of clients (e.g. "alle GmbH-Gründer") for info pages addressed to all of them. */
export type ClientGroup = { id: string; name: string; clientIds: string[] }

/** Staff: every group; client members: the groups of their clients. */
export const getGroups = query(
  async () => (await getJson<{ groups: ClientGroup[] }>(GROUPS)).groups,
  'groups.list',
)

/** Staff create a group. Throws conflict when the name is taken. */
export const createGroup = action(
  (name: string) => postJson<{ id: string }>(GROUPS, { name }),
  'groups.create',
)

/** Adds a client to a group or takes it out again. */
export const setGroupClient = action(
  (input: { groupId: string; clientId: string; member: boolean }) =>
    input.member
      ? postJson<{ changed: boolean }>(`${GROUPS}/${id(input.groupId)}/clients`, {
          clientId: input.clientId,
        })
      : deleteJson<{ changed: boolean }>(
          `${GROUPS}/${id(input.groupId)}/clients/${id(input.clientId)}`,
        ),
  'groups.setClient',
)

/** Staff write an info page for every client of the group. */
export const createGroupInfoPage = action(
  (input: { groupId: string; title: string; body: string }) =>
    postJson<{ id: string }>(`${GROUPS}/${id(input.groupId)}/info-pages`, {
      title: input.title,
      body: input.body,
    }),
  'groups.createInfoPage',
)
