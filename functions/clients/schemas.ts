import { z } from 'zod'

export const RIGHTS = ['documents.read', 'documents.upload', 'messages.write', 'appointments.book', 'shares.create', 'projects.read', 'members.manage'] as const
const ZRights = z.array(z.enum(RIGHTS)).max(RIGHTS.length).nullable()
const ZRole = z.enum(['owner', 'manager', 'member', 'viewer'])
const ZEmail = z.email().max(254).transform((e) => e.toLowerCase())
const ZName = z.string().trim().min(1).max(200)
const ZFuture = z.iso.datetime({ offset: true }).transform((s) => new Date(s))

export const ZCreateClientBody = z.object({ name: ZName, kind: z.enum(['person', 'organisation']).default('organisation') }).strict()
export const ZUpdateClientBody = z.object({ name: ZName.optional(), managersInviteOutside: z.boolean().optional() }).strict()
export const ZAssignStaffBody = z.object({ accountId: z.uuid() }).strict()

/** Adding a person to a client: they get their own account, password and second factor. */
export const ZInviteMemberBody = z
  .object({
    email: ZEmail,
    displayName: ZName,
    role: ZRole,
    rights: ZRights.default(null),
    expiresAt: ZFuture.nullable().default(null),
    locale: z.enum(['de', 'en']).default('de'),
  })
  .strict()
export const ZUpdateMemberBody = z.object({ role: ZRole.optional(), rights: ZRights.optional(), expiresAt: ZFuture.nullable().optional() }).strict()

export const ZCreateProjectBody = z
  .object({
    name: ZName,
    type: z.enum(['formation', 'contract', 'retainer', 'litigation', 'other']).default('other'),
    description: z.string().max(5000).default(''),
  })
  .strict()
export const ZUpdateProjectBody = z
  .object({ name: ZName.optional(), status: z.enum(['open', 'paused', 'closed']).optional(), description: z.string().max(5000).optional() })
  .strict()

/** A client member, or an outside participant by e-mail (tax adviser, notary …). */
export const ZAddParticipantBody = z.union([
  z.object({ accountId: z.uuid() }).strict(),
  z.object({ email: ZEmail, displayName: ZName, locale: z.enum(['de', 'en']).default('de') }).strict(),
])

const ZAudience = z.enum(['client', 'project', 'people', 'internal'])
export const ZCreateInfoPageBody = z
  .object({
    title: z.string().trim().min(1).max(300),
    body: z.string().max(100_000).default(''),
    audience: ZAudience,
    projectId: z.uuid().nullable().default(null),
    recipients: z.array(z.uuid()).max(200).default([]),
  })
  .strict()
export const ZUpdateItemBody = z
  .object({
    title: z.string().trim().min(1).max(300).optional(),
    body: z.string().max(100_000).optional(),
    audience: ZAudience.optional(),
    recipients: z.array(z.uuid()).max(200).optional(),
  })
  .strict()
export const ZListItemsQuery = z.object({ after: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(100).default(50) }).strict()

export const ZCreateGroupBody = z.object({ name: ZName }).strict()
export const ZGroupClientBody = z.object({ clientId: z.uuid() }).strict()
export const ZGroupInfoPageBody = z.object({ title: z.string().trim().min(1).max(300), body: z.string().max(100_000).default('') }).strict()

export const ZEmpty = z.object({}).strict()
export const uuidParam = (value: string) => z.uuid().parse(value)

export type InviteMemberBody = z.infer<typeof ZInviteMemberBody>
export type CreateInfoPageBody = z.infer<typeof ZCreateInfoPageBody>
export type UpdateItemBody = z.infer<typeof ZUpdateItemBody>
