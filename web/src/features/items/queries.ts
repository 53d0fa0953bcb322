import { action, json, query } from '@solidjs/router'
import type { AudienceKind } from '../../components/audience-chip'
import { deleteJson, getJson, patchJson, postJson } from '../../lib/api'
import { CLIENTS } from '../clients/queries'

const ITEMS = `${CLIENTS}/items`
const id = (value: string) => encodeURIComponent(value)

export type ItemKind =
  | 'document'
  | 'document_group'
  | 'message_thread'
  | 'appointment'
  | 'info_page'

/** An item in a list: its audience only as a kind (the names come with the item itself). */
export type ItemRow = {
  id: string
  kind: ItemKind
  title: string
  audience: AudienceKind
  projectId: string | null
  createdAt: string
  createdBy: string | null
}

export type ItemAudience = {
  kind: AudienceKind
  projectName: string | null
  groupName: string | null
  recipients: { id: string; displayName: string }[]
}

/** One item with who can see it by name; body is the Markdown of an info page, else null. */
export type Item = {
  id: string
  kind: ItemKind
  clientId: string | null
  projectId: string | null
  title: string
  createdAt: string
  updatedAt: string
  audience: ItemAudience
  body: string | null
}

export type ItemScope = { clientId: string } | { projectId: string }

/** The audiences a client item can have (group pages are written from the group). */
export type ClientAudience = Exclude<AudienceKind, 'group'>

export const PAGE_SIZE = 50

/**
 * A page of the items of a client or project that the caller may see, newest first; `after` is
 * the last id of the previous page. Throws not_found for a scope the caller cannot see.
 */
export const getItems = query((scope: ItemScope, after?: string) => {
  const params = new URLSearchParams(
    'clientId' in scope ? { clientId: scope.clientId } : { projectId: scope.projectId },
  )
  params.set('limit', String(PAGE_SIZE))
  if (after) params.set('after', after)
  return getJson<{ items: ItemRow[]; next: string | null }>(`${ITEMS}?${params}`)
}, 'items.list')

/** One item with its audience by name. Throws not_found when the caller is not in it. */
export const getItem = query(
  (itemId: string) => getJson<Item>(`${ITEMS}/${id(itemId)}`),
  'items.one',
)

export type InfoPageInput = {
  clientId: string
  title: string
  body: string
  audience: ClientAudience
  projectId: string | null
  recipients: string[]
}

/** Staff write an info page for a client: everyone, a project, named people or the firm only. */
export const createInfoPage = action((input: InfoPageInput) => {
  const { clientId, ...body } = input
  return postJson<{ id: string }>(`${ITEMS}/info-pages?clientId=${id(clientId)}`, body)
}, 'items.createInfoPage')

/**
 * Changes title, text or audience. A changed audience is the explicit widening or narrowing the
 * page confirms first; the server audits it with the old and the new audience.
 */
export const updateItem = action(
  (input: {
    itemId: string
    title?: string
    body?: string
    audience?: ClientAudience
    recipients?: string[]
  }) => {
    const { itemId, ...change } = input
    return patchJson<{ updated: true }>(`${ITEMS}/${id(itemId)}`, change)
  },
  'items.update',
)

/** Staff delete an item; only the lists reload (the deleted item's own page is being left). */
export const deleteItem = action(
  async (itemId: string) =>
    json(await deleteJson<{ deleted: true }>(`${ITEMS}/${id(itemId)}`), {
      revalidate: getItems.key,
    }),
  'items.delete',
)
