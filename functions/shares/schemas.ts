import { z } from 'zod'

/** Creating a share link: exactly one of documentIds and groupId; the rest are the link's settings. */
export const ZCreateShareBody = z
  .object({
    clientId: z.uuid(),
    documentIds: z.array(z.uuid()).min(1).max(50).optional(),
    groupId: z.uuid().optional(),
    expiresInDays: z.number().int().min(1).max(365),
    password: z.string().min(1).max(1024).optional(),
    maxDownloads: z.number().int().min(1).max(1000).optional(),
    recipientEmail: z.email().max(254).optional(),
    requireEmailCode: z.boolean().optional(),
    notifyOnFirstAccess: z.boolean().optional(),
    note: z.string().trim().max(2000).optional(),
  })
  .strict()
  .refine((b) => (b.documentIds === undefined) !== (b.groupId === undefined), { message: 'Give either documentIds or groupId.', path: ['documentIds'] })
  .refine((b) => !b.requireEmailCode || b.recipientEmail !== undefined, { message: 'An e-mail code needs a recipient e-mail.', path: ['requireEmailCode'] })
export type CreateShareBody = z.infer<typeof ZCreateShareBody>

export const ZPolicyPatch = z
  .object({
    maxDays: z.number().int().min(1).max(365).optional(),
    clientRequirePassword: z.boolean().optional(),
    clientMaxDays: z.number().int().min(1).max(365).optional(),
  })
  .strict()

export const ZClientQuery = z.object({ clientId: z.uuid() }).strict()
export const ZListQuery = z.object({ clientId: z.uuid().optional() }).strict()
export const ZEmpty = z.object({}).strict()

/** A guest opens a link: the token from the URL fragment, the password when asked for. */
export const ZOpenBody = z
  .object({
    token: z.string().min(1).max(200),
    password: z.string().min(1).max(1024).optional(),
  })
  .strict()

export const ZVerifyBody = z.object({ code: z.string().regex(/^\d{6,8}$/) }).strict()
export const ZFileQuery = z.object({ inline: z.enum(['1', 'true', '0', 'false']).optional() }).strict()

/**
 * Creating an upload link (staff): into the client as a whole, one of its projects or one of its
 * document requests; expiry required, password, per-file cap, number of files and the
 * recipient's e-mail (the portal mails the link) optional.
 */
export const ZCreateUploadLinkBody = z
  .object({
    clientId: z.uuid(),
    projectId: z.uuid().optional(),
    requestId: z.uuid().optional(),
    expiresInDays: z.number().int().min(1).max(365),
    password: z.string().min(1).max(1024).optional(),
    maxFileBytes: z.number().int().min(1).max(1024 ** 4).optional(),
    maxFiles: z.number().int().min(1).max(1000).optional(),
    recipientEmail: z.email().max(254).optional(),
    note: z.string().trim().max(2000).optional(),
  })
  .strict()
  .refine((b) => b.projectId === undefined || b.requestId === undefined, { message: 'Give a project or a request, not both.', path: ['requestId'] })
export type CreateUploadLinkBody = z.infer<typeof ZCreateUploadLinkBody>

/** The guest of an upload link says who it is. */
export const ZIdentifyBody = z.object({ name: z.string().trim().min(1).max(200), email: z.email().max(254) }).strict()
export const ZGuestUploadQuery = z.object({ filename: z.string().min(1).max(1024) }).strict()
