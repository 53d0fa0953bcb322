import { z } from 'zod'
import { isTimeZone } from './lib/zoned-time.ts'

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/)
const instant = z.iso.datetime({ offset: true })
export const HOLIDAY_STATES = ['BW', 'BY', 'BE', 'BB', 'HB', 'HE', 'HH', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH', 'BUND'] as const

/** An intake question of a type, asked when booking. */
export const ZQuestion = z
  .object({
    id: z.string().regex(/^[a-z0-9_-]{1,40}$/),
    labelDe: z.string().trim().min(1).max(300),
    labelEn: z.string().trim().min(1).max(300),
    required: z.boolean(),
  })
  .strict()
export type Question = z.infer<typeof ZQuestion>

const typeFields = {
  staffId: z.uuid().optional(),
  nameDe: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().min(1).max(200),
  descriptionDe: z.string().trim().max(2000).default(''),
  descriptionEn: z.string().trim().max(2000).default(''),
  durationMinutes: z.number().int().min(5).max(480),
  location: z.enum(['office', 'phone', 'video']),
  locationDetail: z.string().trim().max(500).default(''),
  bufferBeforeMinutes: z.number().int().min(0).max(240).default(0),
  bufferAfterMinutes: z.number().int().min(0).max(240).default(0),
  noticeHours: z.number().int().min(0).max(2160).default(24),
  noticeNotSameDay: z.boolean().default(false),
  horizonDays: z.number().int().min(1).max(365).default(60),
  dailyCap: z.number().int().min(1).max(100).nullable().default(null),
  audience: z.enum(['all_clients', 'chosen_clients', 'project']).default('all_clients'),
  clientIds: z.array(z.uuid()).max(500).default([]),
  projectId: z.uuid().nullable().default(null),
  questions: z.array(ZQuestion).max(20).default([]),
  requiresConfirmation: z.boolean().default(false),
  cutoffHours: z.number().int().min(0).max(720).default(24),
  active: z.boolean().default(true),
}

const audienceRules = <T extends { audience?: string; projectId?: string | null; clientIds?: string[]; questions?: Question[] }>(b: T, ctx: z.RefinementCtx) => {
  if (b.audience === 'project' && !b.projectId) ctx.addIssue({ code: 'custom', message: 'A project type needs projectId.', path: ['projectId'] })
  if (b.audience !== undefined && b.audience !== 'project' && b.projectId) ctx.addIssue({ code: 'custom', message: 'Only project types name a project.', path: ['projectId'] })
  if (b.audience === 'chosen_clients' && !b.clientIds?.length) ctx.addIssue({ code: 'custom', message: 'Choose at least one client.', path: ['clientIds'] })
  if (b.questions && new Set(b.questions.map((q) => q.id)).size !== b.questions.length) ctx.addIssue({ code: 'custom', message: 'Question ids repeat.', path: ['questions'] })
}

export const ZTypeBody = z.object(typeFields).strict().superRefine(audienceRules)
export type TypeBody = z.infer<typeof ZTypeBody>

/** Weekly hours replace the whole week at once; the holiday state comes along. */
export const ZAvailabilityBody = z
  .object({
    staffId: z.uuid().optional(),
    holidayState: z.enum(HOLIDAY_STATES).nullable(),
    weekly: z.array(z.object({ weekday: z.number().int().min(1).max(7), starts: hhmm, ends: hhmm }).strict().refine((w) => w.ends > w.starts, { message: 'ends must be after starts' })).max(50),
  })
  .strict()
export type AvailabilityBody = z.infer<typeof ZAvailabilityBody>

export const ZExceptionBody = z
  .object({ staffId: z.uuid().optional(), startsAt: instant, endsAt: instant, kind: z.enum(['vacation', 'court', 'other']), note: z.string().trim().max(300).default('') })
  .strict()
  .refine((b) => Date.parse(b.endsAt) > Date.parse(b.startsAt), { message: 'endsAt must be after startsAt', path: ['endsAt'] })
export type ExceptionBody = z.infer<typeof ZExceptionBody>

export const ZStaffQuery = z.object({ staffId: z.uuid().optional() }).strict()

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
/** firm=true: the firm's view for booking and moving (no notice; staff only, the database decides). */
export const ZSlotsQuery = z
  .object({ from: date, to: date, firm: z.enum(['true', 'false']).optional() })
  .strict()
  .refine((q) => q.from <= q.to, { message: 'from after to', path: ['to'] })
export const ZWeekQuery = z.object({ staffId: z.uuid().optional(), from: date }).strict()

const timeZone = z.string().max(64).refine(isTimeZone, { message: 'Unknown time zone.' })
const answers = z.record(z.string().regex(/^[a-z0-9_-]{1,40}$/), z.string().trim().max(2000)).default({})

export const ZBookBody = z
  .object({
    typeId: z.uuid(),
    startsAt: instant,
    clientId: z.uuid().optional(),
    answers,
    timeZone: timeZone.default('Europe/Berlin'),
  })
  .strict()
export type BookBody = z.infer<typeof ZBookBody>

/**
 * Staff enter a booking for a person of a client (on the phone): the client, the person, the
 * type, optionally a project of the client (a project type brings its own), the start, the
 * intake answers the person gave, and the person's time zone for their mails.
 */
export const ZStaffBookBody = z
  .object({
    clientId: z.uuid(),
    personId: z.uuid(),
    typeId: z.uuid(),
    projectId: z.uuid().nullable().default(null),
    startsAt: instant,
    answers,
    timeZone: timeZone.default('Europe/Berlin'),
  })
  .strict()
export type StaffBookBody = z.infer<typeof ZStaffBookBody>
export const ZClientQuery = z.object({ clientId: z.uuid() }).strict()

export const ZRescheduleBody = z.object({ startsAt: instant, timeZone: timeZone.optional() }).strict()
export const ZDeclineBody = z.object({ reason: z.string().trim().min(1).max(1000) }).strict()
export const ZEmpty = z.object({}).strict()
