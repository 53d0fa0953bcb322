import type { RequestMeta } from '../../_shared/audit.ts'
import { AppError } from '../../_shared/errors.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import type { StartChatInput } from '../schemas.ts'
import { startRequest } from './start-request.ts'

/** The subject a new chat carries until the firm turns it into a request (German: the firm's language). */
export function chatSubject(at: Date): string {
  const when = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(at)
  return `Chat vom ${when}`
}

/**
 * Starts a live chat with the firm: a conversation of kind 'chat' (audience: the author and the
 * firm) with the first line, through startRequest (same rules, same encryption, no mail). It
 * waits in the staff queue until someone takes it over (functions/chat). Throws as startRequest
 * does, and unknown_category when the firm has no message category.
 */
export async function startChat(rt: Runtime, session: SessionInfo, input: StartChatInput, meta: RequestMeta) {
  const category = await rt.db.asUser(session.claims, async (tx) =>
    (await tx`select id from public.message_categories where archived_at is null order by position, name_de limit 1`)[0]?.id as string | undefined)
  if (!category) throw new AppError('unknown_category', { status: 400, message: 'The firm has no message category.' })
  return startRequest(rt, session, {
    clientId: input.clientId, projectId: input.projectId, subject: chatSubject(rt.now()), categoryId: category,
    body: input.body, audience: 'people', recipients: [], attachmentIds: [],
  }, meta, { kind: 'chat', mail: false })
}
