import { z } from 'zod'
import { MAX_LENGTH } from '../_shared/password-basics.ts'

const ZEmail = z.email().max(254).transform((e) => e.toLowerCase())
/** Length is judged after NFKC by checkPassword; this bound only keeps absurd bodies out early. */
const ZPassword = z.string().min(1).max(MAX_LENGTH * 4)

/** First-run setup: the firm and its first staff account (the lawyer, admin). */
export const ZSetupBody = z
  .object({
    firmName: z.string().trim().min(1).max(200),
    displayName: z.string().trim().min(1).max(200),
    email: ZEmail,
    password: ZPassword,
    locale: z.enum(['de', 'en']).default('de'),
  })
  .strict()

export type SetupBody = z.infer<typeof ZSetupBody>
export type InviteBody = z.infer<typeof ZInviteBody>

/** The password step of sign-in. */
export const ZSignInBody = z.object({ email: z.string().trim().min(3).max(254), password: ZPassword }).strict()

const ZCode = z.string().trim().min(6).max(40)

/** The second step: a code from the authenticator app, the e-mail, or a recovery code. */
export const ZFactorBody = z.object({ method: z.enum(['totp', 'email', 'recovery']), code: ZCode }).strict()

export const ZStartTotpBody = z.object({ label: z.string().trim().max(100).default('') }).strict()
export const ZConfirmFactorBody = z.object({ code: ZCode }).strict()
export const ZEmpty = z.object({}).strict()
export const ZId = z.object({ id: z.uuid() })

/** Staff invite a person: client user, outside participant or (admins only) staff. */
export const ZInviteBody = z
  .object({
    email: ZEmail,
    displayName: z.string().trim().min(1).max(200),
    kind: z.enum(['client', 'external', 'staff']),
    isAdmin: z.boolean().default(false),
    locale: z.enum(['de', 'en']).default('de'),
  })
  .strict()

const ZToken = z.string().min(20).max(200)
export const ZTokenBody = z.object({ token: ZToken }).strict()
export const ZSetPasswordBody = z.object({ token: ZToken, password: ZPassword }).strict()
export const ZResetRequestBody = z.object({ email: z.string().trim().min(3).max(254) }).strict()

/** Credential changes need the current password and, where one exists, a current factor. */
const ZProof = {
  password: ZPassword,
  method: z.enum(['totp', 'email', 'recovery']).optional(),
  code: ZCode.optional(),
}
export const ZChangePasswordBody = z.object({ ...ZProof, newPassword: ZPassword, endOtherSessions: z.boolean().default(true) }).strict()
export const ZRemoveFactorBody = z.object(ZProof).strict()
export const ZResetFactorsBody = z.object({ reason: z.string().trim().min(3).max(500) }).strict()
export const ZSettingsBody = z.object({ emailFactorEnabled: z.boolean() }).strict()
