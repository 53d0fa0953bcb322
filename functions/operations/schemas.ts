import { z } from 'zod'

export const uuidParam = (value: string) => z.uuid().parse(value)

/** Staff record (or clear) the day a client's mandate ended. */
export const ZMandateEndBody = z
  .object({ mandateEndedAt: z.iso.date().nullable() })
  .strict()

/** An admin deletes a client after its retention: the client number, typed again, confirms it. */
export const ZDeleteClientBody = z.object({ confirmNumber: z.string().trim().min(1).max(40) }).strict()
