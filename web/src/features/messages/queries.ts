import { action, json, query } from '@solidjs/router'
import { ApiError, getJson, patchJson, postJson, api } from '../../lib/api'

export const MESSAGES = '/functions/v1/messages'
const id = (value: string) => encodeURIComponent(value)

export type ConversationStatus = 'new' | 'in_progress' | 'waiting_for_client' | 'done'
export const STATUSES: readonly ConversationStatus[] = ['new', 'in_progress', 'waiting_for_client', 'done']
export type RequestAudience = 'people' | 'client' | 'project'

/** A conversation in a list: subject, client/project, category, status, assignee, read state. */
export type ConversationRow = {
  id: string
  subject: string
  kind: 'request' | 'chat'
  status: ConversationStatus
  audience: RequestAudience | 'internal'
  clientId: string
  clientName: string | null
  projectId: string | null
  projectName: string | null
  categoryId: string | null
  categoryDe: string | null
  categoryEn: string | null
  assigneeId: string | null
  assigneeName: string | null
  authorId: string
  authorName: string | null
  authorIsStaff: boolean
  createdAt: string
  lastActivityAt: string
  /** Since when a client-side message waits for the firm; null when the firm answered last. */
  waitingSince: string | null
  statusChangedAt: string
  closedAt: string | null
  lastReadAt: string | null
  messages: number
  unread: number
}

export type Attachment = { id: string; title: string; filename: string | null; size: number | null; mediaType: string | null }

/** A message; body null is a tombstone (deletedAt set). revisions counts earlier texts the caller may read. */
export type Message = {
  id: string
  itemId: string
  authorId: string
  authorName: string | null
  authorIsStaff: boolean
  body: string | null
  createdAt: string
  editedAt: string | null
  deletedAt: string | null
  revisions: number
  attachments: Attachment[]
}

export type ReadMark = { accountId: string; displayName: string | null; isStaff: boolean; lastReadAt: string; lastReadMessageId: string | null }

export type Conversation = ConversationRow & {
  mayWrite: boolean
  /** The client's staff: status, assignee, category. */
  mayHandle: boolean
  people: { id: string; displayName: string; isStaff: boolean }[]
  recipients: string[]
  reads: ReadMark[]
  assignable: { id: string; displayName: string }[]
  messages: Message[]
}

export type Category = { id: string; nameDe: string; nameEn: string; position: number; mail: boolean }

export type ListFilters = {
  status?: ConversationStatus
  open?: 'true' | 'false'
  assignee?: string
  clientId?: string
  categoryId?: string
  q?: string
  cursor?: string
}
export type ConversationPage = { items: ConversationRow[]; next: string | null }

/** Conversations the caller may read, newest activity first, one page at a time. */
export const getConversations = query((filters: ListFilters = {}) => {
  const params = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => Boolean(e[1])))
  return getJson<ConversationPage>(`${MESSAGES}?${params}`)
}, 'messages.list')

/** One conversation with its messages, read marks and who may do what. Throws not_found. */
export const getConversation = query((itemId: string) => getJson<Conversation>(`${MESSAGES}/${id(itemId)}`), 'messages.one')

/** The firm's request categories, with the caller's mail preference for each. */
export const getCategories = query(async () => (await getJson<{ categories: Category[] }>(`${MESSAGES}/categories`)).categories, 'messages.categories')

export type MessageHistory = {
  revisions: { body: string; writtenAt: string; replacedAt: string }[]
  current: { body: string; writtenAt: string } | null
}
export const getMessageHistory = query((messageId: string) => getJson<MessageHistory>(`${MESSAGES}/messages/${id(messageId)}/revisions`), 'messages.history')

/**
 * Uploads one file as an attachment of the caller's own message (raw body, like the documents
 * upload): the documents API creates it as a document with the conversation's audience and links
 * it to the message. Throws ApiError.
 */
export async function uploadAttachment(messageId: string, file: File): Promise<{ id: string }> {
  let response: Response
  try {
    response = await fetch(`/functions/v1/documents/message-attachments/${id(messageId)}?filename=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': 'application/octet-stream' },
      body: file,
    })
  } catch {
    throw new ApiError('network_error', { status: 0 })
  }
  const payload = await response.json().catch(() => undefined)
  if (response.ok) return payload as { id: string }
  throw new ApiError(payload?.code ?? 'bad_response', { status: response.status, requestId: payload?.requestId })
}

export type NewRequest = {
  clientId: string
  projectId: string | null
  subject: string
  categoryId: string
  body: string
  audience: RequestAudience
  recipients: string[]
  /** Existing documents the author sees. */
  attachmentIds: string[]
}

/**
 * Uploads the files into a posted message one after another; the first refusal stops and is
 * returned as its code (the message itself stays sent).
 */
async function uploadAll(messageId: string, files: File[]): Promise<string | undefined> {
  try {
    for (const file of files) await uploadAttachment(messageId, file)
    return undefined
  } catch (error) {
    return error instanceof ApiError ? error.code : 'client_error'
  }
}

/** Starts a request, then uploads its attachments into the first message. */
export const startRequest = action(async (input: NewRequest & { files: File[] }) => {
  const { files, ...body } = input
  const created = await postJson<{ id: string; messageId: string }>(MESSAGES, body)
  const attachmentError = await uploadAll(created.messageId, files)
  return json({ ...created, attachmentError }, { revalidate: getConversations.key })
}, 'messages.start')

/** A reply with its attachments (uploaded after the text is posted). */
export const postReply = action(async (input: { itemId: string; body: string; files: File[]; attachmentIds: string[] }) => {
  const posted = await postJson<{ id: string }>(`${MESSAGES}/${id(input.itemId)}/messages`, { body: input.body, attachmentIds: input.attachmentIds })
  const attachmentError = await uploadAll(posted.id, input.files)
  return json({ ...posted, attachmentError }, { revalidate: [getConversation.key, getConversations.key] })
}, 'messages.reply')

export const editMessage = action(
  async (input: { messageId: string; body: string }) =>
    json(await patchJson(`${MESSAGES}/messages/${id(input.messageId)}`, { body: input.body }), {
      revalidate: [getConversation.key, getMessageHistory.key],
    }),
  'messages.edit',
)

export const deleteMessage = action(
  async (messageId: string) => json(await postJson(`${MESSAGES}/messages/${id(messageId)}/delete`, {}), { revalidate: getConversation.key }),
  'messages.delete',
)

/** Staff: status, assignee (null: nobody), category. */
export const updateConversation = action(
  async (input: { itemId: string; status?: ConversationStatus; assigneeId?: string | null; categoryId?: string }) => {
    const { itemId, ...change } = input
    return json(await patchJson(`${MESSAGES}/${id(itemId)}`, change), { revalidate: [getConversation.key, getConversations.key] })
  },
  'messages.update',
)

/** Marks the conversation read up to its latest message (quietly: the list refreshes). */
export const markRead = action(
  async (itemId: string) => json(await postJson(`${MESSAGES}/${id(itemId)}/read`, {}), { revalidate: getConversations.key }),
  'messages.read',
)

export const savePreferences = action(
  async (preferences: { categoryId: string; mail: boolean }[]) =>
    json(await api(`${MESSAGES}/preferences`, { method: 'PUT', body: { preferences } }), { revalidate: getCategories.key }),
  'messages.preferences',
)

/** A request category as admins manage it (archived ones too). */
export type ManagedMessageCategory = { id: string; nameDe: string; nameEn: string; position: number; archivedAt: string | null }

/** Every request category, archived ones last (the admins' settings page). */
export const getManagedMessageCategories = query(
  async () => (await getJson<{ categories: ManagedMessageCategory[] }>(`${MESSAGES}/categories/manage`)).categories,
  'messages.categories.manage',
)

/** Admins define a request category. Throws category_exists (409), not_found (not an admin). */
export const createMessageCategory = action(
  (input: { nameDe: string; nameEn: string; position: number }) => postJson<ManagedMessageCategory>(`${MESSAGES}/categories`, input),
  'messages.createCategory',
)

/** Admins rename, move, archive or restore a request category. Throws category_exists, not_found. */
export const updateMessageCategory = action(
  (input: { id: string; nameDe?: string; nameEn?: string; position?: number; archived?: boolean }) => {
    const { id: categoryId, ...body } = input
    return patchJson<ManagedMessageCategory>(`${MESSAGES}/categories/${id(categoryId)}`, body)
  },
  'messages.updateCategory',
)
