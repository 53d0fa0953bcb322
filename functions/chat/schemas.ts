import { z } from 'zod'

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM')

/** The firm's office hours for the chat: spans per ISO weekday (1 = Monday), Europe/Berlin time. */
export const ZOfficeHoursBody = z
  .object({
    spans: z
      .array(z.object({ weekday: z.number().int().min(1).max(7), opensAt: time, closesAt: time }).strict().refine((s) => s.opensAt < s.closesAt, { message: 'opens_before_closes' }))
      .max(28),
  })
  .strict()
export type OfficeHoursSpan = z.infer<typeof ZOfficeHoursBody>['spans'][number]

/** Turning a chat into a request: its subject and category (same item, so the history stays). */
export const ZConvertBody = z.object({ subject: z.string().trim().min(1).max(300), categoryId: z.uuid() }).strict()
export const ZEmpty = z.object({}).strict()
export const itemParam = (value: string) => z.uuid().parse(value)
