import { z } from 'zod'

export const MAX_BODY = 20_000
export const STATUSES = ['new', 'in_progress', 'waiting_for_client', 'done'] as const
export type ConversationStatus = (typeof STATUSES)[number]

export const uuidParam = (value: string) => z.uuid().parse(value)
export const ZEmpty = z.object({}).strict()

const body = z.string().max(MAX_BODY).refine((s) => s.trim().length > 0, { message: 'empty' })
const attachmentIds = z.array(z.uuid()).max(20).default([])

/**
 * A new request: subject, category, client (or one of its projects), the first text, documents
 * the author already sees as attachments, and the audience (default: only the author and the
 * firm; 'people' names further recipients).
 */
export const ZStartRequestBody = z
  .object({
    clientId: z.uuid(),
    projectId: z.uuid().nullable().default(null),
    subject: z.string().trim().min(1).max(300),
    categoryId: z.uuid(),
    body,
    audience: z.enum(['client', 'project', 'people']).default('people'),
    recipients: z.array(z.uuid()).max(50).default([]),
    attachmentIds,
  })
  .strict()
  .refine((v) => v.audience !== 'project' || v.projectId !== null, { message: 'project_required', path: ['projectId'] })
export type StartRequestInput = z.infer<typeof ZStartRequestBody>

/** A new live chat: the client (or one of its projects) it belongs to and the first line. */
export const ZStartChatBody = z
  .object({ clientId: z.uuid(), projectId: z.uuid().nullable().default(null), body: z.string().max(20_000).refine((b) => b.trim().length > 0, { message: 'empty' }) })
  .strict()
export type StartChatInput = z.infer<typeof ZStartChatBody>

export const ZPostMessageBody = z.object({ body, attachmentIds, clientRef: z.uuid().optional() }).strict()
export const ZEditMessageBody = z.object({ body }).strict()

/** Staff handle a conversation: status, assignee (null: nobody), category. */
export const ZUpdateConversationBody = z
  .object({ status: z.enum(STATUSES).optional(), assigneeId: z.uuid().nullable().optional(), categoryId: z.uuid().optional() })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing_to_change' })

export const ZMarkReadBody = z.object({ messageId: z.uuid().optional() }).strict()

/** Paging and filters of the conversation list (client users' list and staff inbox alike). */
export const ZListQuery = z
  .object({
    status: z.enum(STATUSES).optional(),
    open: z.enum(['true', 'false']).optional(),
    assignee: z.union([z.uuid(), z.enum(['me', 'none'])]).optional(),
    clientId: z.uuid().optional(),
    projectId: z.uuid().optional(),
    categoryId: z.uuid().optional(),
    kind: z.enum(['request', 'chat']).default('request'),
    q: z.string().trim().max(200).optional(),
    unread: z.enum(['true']).optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(30),
  })
  .strict()
export type ListQuery = z.infer<typeof ZListQuery>

export const ZMessagesQuery = z
  .object({ after: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(500).default(200) })
  .strict()

export const ZPreferencesBody = z
  .object({ preferences: z.array(z.object({ categoryId: z.uuid(), mail: z.boolean() }).strict()).max(100) })
  .strict()

const categoryName = z.string().trim().min(1).max(100)
/** Admins define a request category: German and English name, its place in the form. */
export const ZCreateMessageCategoryBody = z
  .object({ nameDe: categoryName, nameEn: categoryName, position: z.number().int().min(0).max(1000).default(50) })
  .strict()
/** Admins rename, move, archive (archived: true) or bring back a request category. */
export const ZUpdateMessageCategoryBody = z
  .object({ nameDe: categoryName.optional(), nameEn: categoryName.optional(), position: z.number().int().min(0).max(1000).optional(), archived: z.boolean().optional() })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing_to_change' })
