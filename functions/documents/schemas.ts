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
  })
  .strict()
export type UploadQuery = z.infer<typeof ZUploadQuery>

export const ZVersionQuery = z
  .object({ filename: z.string().min(1).max(1000), notify: z.enum(['true', 'false']).default('false').transform((v) => v === 'true') })
  .strict()
export const ZDownloadQuery = z.object({ version: z.coerce.number().int().min(1).optional(), inline: z.enum(['1']).optional() }).strict()
export const ZEmpty = z.object({}).strict()
export const uuidParam = (value: string) => z.uuid().parse(value)
