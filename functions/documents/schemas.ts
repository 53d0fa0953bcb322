import { z } from 'zod'

/** Metadata of an upload travels in the query string; the body is the raw file. */
export const ZUploadQuery = z
  .object({
    clientId: z.uuid(),
    title: z.string().trim().min(1).max(300).optional(),
    filename: z.string().min(1).max(1000),
    audience: z.enum(['client', 'project', 'people', 'internal']).default('client'),
    projectId: z.uuid().optional(),
    recipients: z.string().max(200 * 37).optional(),
    category: z.string().trim().max(100).default(''),
    note: z.string().trim().max(2000).default(''),
    requiresConfirmation: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
    // Delivery: mail the recipients a notice with a link (staff).
    notify: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
    // An answer to a document request: visible to the uploader and the firm until accepted.
    requestId: z.uuid().optional(),
  })
  .strict()
export type UploadQuery = z.infer<typeof ZUploadQuery>

export const ZVersionQuery = z
  .object({ filename: z.string().min(1).max(1000), notify: z.enum(['true', 'false']).default('false').transform((v) => v === 'true') })
  .strict()
export const ZDownloadQuery = z.object({ version: z.coerce.number().int().min(1).optional(), inline: z.enum(['1']).optional() }).strict()
export const ZEmpty = z.object({}).strict()
/** A message's attachment upload (POST /functions/v1/documents/message-attachments/:messageId). */
export const ZAttachmentQuery = z.object({ filename: z.string().min(1).max(1000) }).strict()

export const uuidParam = (value: string) => z.uuid().parse(value)

/** Staff ask for documents: whom (client, project, named people), what, by when, which types. */
export const ZCreateRequestBody = z
  .object({
    clientId: z.uuid(),
    title: z.string().trim().min(1).max(300),
    hint: z.string().trim().max(2000).default(''),
    dueAt: z.iso.datetime({ offset: true }).nullable().default(null),
    allowedTypes: z.array(z.string().regex(/^[a-z0-9]{1,10}$/)).min(1).max(30).nullable().default(null),
    audience: z.enum(['client', 'project', 'people']).default('client'),
    projectId: z.uuid().nullable().default(null),
    recipients: z.array(z.uuid()).max(200).default([]),
    // An example file: a document of the same client the firm uploaded first for this audience.
    exampleDocumentId: z.uuid().nullable().default(null),
  })
  .strict()
export type CreateRequestBody = z.infer<typeof ZCreateRequestBody>
export const ZAcceptRequestBody = z.object({ shareWith: z.enum(['client']).optional() }).strict()
export const ZReturnRequestBody = z.object({ reason: z.string().trim().min(3).max(2000) }).strict()

export const ZCreateGroupBody = z
  .object({
    clientId: z.uuid(),
    title: z.string().trim().min(1).max(300),
    audience: z.enum(['client', 'project', 'people']).default('client'),
    projectId: z.uuid().nullable().default(null),
    recipients: z.array(z.uuid()).max(200).default([]),
  })
  .strict()
export const ZAddToGroupBody = z.object({ documentId: z.uuid() }).strict()
export const ZCommentBody = z.object({ body: z.string().trim().min(1).max(10_000) }).strict()

// Document lifecycle: categories, deletion, retention (service/categories.ts, delete-document.ts).
const ZProjectType = z.enum(['formation', 'contract', 'retainer', 'litigation', 'other'])
const ZCategoryName = z.string().trim().min(1).max(100)
export const ZUploadCategoriesQuery = z
  .object({ clientId: z.uuid().optional(), projectId: z.uuid().optional() })
  .strict()
  .refine((q) => q.clientId || q.projectId, { message: 'clientId or projectId is required' })
export const ZManagedCategoriesQuery = z.object({ clientId: z.uuid().optional() }).strict()
/** A category for the whole firm (no clientId), one client, a project type, or both. */
export const ZCreateCategoryBody = z
  .object({
    name: ZCategoryName,
    clientId: z.uuid().nullable().default(null),
    projectType: ZProjectType.nullable().default(null),
    position: z.number().int().min(0).max(1000).default(50),
  })
  .strict()
export type CreateCategoryBody = z.infer<typeof ZCreateCategoryBody>
export const ZUpdateCategoryBody = z
  .object({ name: ZCategoryName.optional(), position: z.number().int().min(0).max(1000).optional(), archived: z.boolean().optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' })
export type UpdateCategoryBody = z.infer<typeof ZUpdateCategoryBody>
/** Staff give a reason (audited); people outside the firm may omit it. */
export const ZDeleteDocumentBody = z.object({ reason: z.string().trim().min(3).max(2000).optional() }).strict()
export const ZLegalHoldBody = z.object({ clientId: z.uuid(), reason: z.string().trim().min(3).max(2000) }).strict()
export const ZLiftLegalHoldBody = z.object({ clientId: z.uuid() }).strict()
export const ZRetentionQuery = z.object({ clientId: z.uuid().optional() }).strict()
export const ZRetentionSettingsBody = z.object({ retentionYears: z.number().int().min(1).max(30) }).strict()
