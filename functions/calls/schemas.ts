import { z } from 'zod'

export const ZStartCallBody = z.object({ itemId: z.uuid(), media: z.enum(['audio', 'video']) }).strict()
export const ZListCallsQuery = z.object({ itemId: z.uuid() }).strict()
export const ZEmpty = z.object({}).strict()
export const callId = (value: string) => z.uuid().parse(value)
