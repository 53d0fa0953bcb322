import { z } from 'zod'

/**
 * What a browser may send over the realtime socket. Subscribing names a conversation and the last
 * message the browser already has (its cursor); the server answers with everything after it, then
 * live events — each message exactly once per subscription.
 */
export const ZClientFrame = z.discriminatedUnion('type', [
  // after: the last message the browser has; seen: the ids it holds near the end (skipped again).
  z.object({ type: z.literal('subscribe'), itemId: z.uuid(), after: z.uuid().nullable().optional(), seen: z.array(z.uuid()).max(200).optional() }).strict(),
  z.object({ type: z.literal('unsubscribe'), itemId: z.uuid() }).strict(),
  // ref: the browser's id for this message; sending it again (after a reconnect) posts it once.
  z.object({ type: z.literal('send'), itemId: z.uuid(), ref: z.uuid(), body: z.string().max(20_000).refine((b) => b.trim().length > 0), attachmentIds: z.array(z.uuid()).max(20).optional() }).strict(),
  z.object({ type: z.literal('typing'), itemId: z.uuid() }).strict(),
  z.object({ type: z.literal('ping') }).strict(),
])
export type ClientFrame = z.infer<typeof ZClientFrame>

/** The NOTIFY payload on channel portal_events: ids only, never content. */
export const ZPortalEvent = z.object({
  type: z.enum(['message', 'message_edited', 'conversation', 'read', 'typing', 'call', 'call_ended']),
  item_id: z.uuid(),
  id: z.uuid().optional(),
  client_id: z.uuid().nullable().optional(),
  actor_id: z.uuid().nullable().optional(),
  side: z.enum(['firm', 'client']).optional(),
})
export type PortalEvent = z.infer<typeof ZPortalEvent>

/** Events that only subscribers of the conversation get; the others go to every connected reader. */
export const CONVERSATION_EVENTS = new Set<PortalEvent['type']>(['message', 'message_edited', 'read', 'typing'])
