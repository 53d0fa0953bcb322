import { action, query } from '@solidjs/router'
import { api, getJson, postJson } from '../../lib/api'
import type { ChatMessage } from './realtime'

export const CHAT = '/functions/v1/chat'
export const MESSAGES = '/functions/v1/messages'
export const CALLS = '/functions/v1/calls'
const id = (value: string) => encodeURIComponent(value)

export type OfficeHoursSpan = { weekday: number; opensAt: string; closesAt: string }
export type Availability = { reachable: boolean; staffOnline: boolean; inOfficeHours: boolean; officeHours: OfficeHoursSpan[] }

/** A chat as the messages API lists conversations (the fields the chat needs). */
export type ChatSummary = {
  id: string
  clientId: string
  clientName?: string | null
  subject: string
  kind: 'chat' | 'request'
  status: string
  assigneeId: string | null
  authorId: string
  createdAt: string
  lastActivityAt: string
  waitingSince: string | null
  unread: number
}

export type Category = { id: string; nameDe: string; nameEn: string }

export const getAvailability = query(() => getJson<Availability>(`${CHAT}/availability`), 'chat.availability')
export const getOfficeHours = query(async () => (await getJson<{ spans: OfficeHoursSpan[] }>(`${CHAT}/office-hours`)).spans, 'chat.officeHours')

/** The caller's open chats (client users: their own; staff: those of their clients). */
export const getOpenChats = query(
  async (filter: 'mine' | 'queue' | 'assigned') => {
    const params = new URLSearchParams({ kind: 'chat', open: 'true' })
    if (filter === 'queue') params.set('assignee', 'none')
    if (filter === 'assigned') params.set('assignee', 'me')
    return (await getJson<{ items: ChatSummary[] }>(`${MESSAGES}?${params}`)).items
  },
  'chat.open',
)

export const getChatMessages = query(
  async (itemId: string) => (await getJson<{ messages: ChatMessage[] }>(`${MESSAGES}/${id(itemId)}/messages`)).messages,
  'chat.messages',
)

export const getReadState = (itemId: string) => getJson<{ otherSideReadAt: string | null }>(`${CHAT}/${id(itemId)}/read-state`)
export const markChatRead = (itemId: string) => postJson<unknown>(`${MESSAGES}/${id(itemId)}/read`, {})
export const getCategories = query(async () => (await getJson<{ categories: Category[] }>(`${MESSAGES}/categories`)).categories, 'chat.categories')

/** A new chat is a conversation: the messages API starts it (kind 'chat'). */
export const startChat = (clientId: string, body: string) => postJson<{ id: string; messageId: string }>(`${MESSAGES}/chats`, { clientId, body })

export const takeChat = action(async (itemId: string) => postJson<unknown>(`${CHAT}/${id(itemId)}/take`, {}), 'chat.take')
export const convertChat = (itemId: string, subject: string, categoryId: string) =>
  postJson<{ itemId: string }>(`${CHAT}/${id(itemId)}/convert`, { subject, categoryId })

export const saveOfficeHours = action(
  async (spans: OfficeHoursSpan[]) => (await api<{ spans: OfficeHoursSpan[] }>(`${CHAT}/office-hours`, { method: 'PUT', body: { spans } })).spans,
  'chat.saveOfficeHours',
)

export type CallSettings = { enabled: boolean; origin: string | null }
export const getCallSettings = query(() => getJson<CallSettings>(`${CALLS}/settings`), 'calls.settings')
export const startCall = (itemId: string, media: 'audio' | 'video') => postJson<{ id: string }>(CALLS, { itemId, media })
