import type { Tx } from '../../_shared/db.ts'
import { AppError } from '../../_shared/errors.ts'

/** The stable error codes of the messages API (the web app branches on these). */
export const notFound = () => new AppError('not_found', { status: 404, message: 'Not found.' })
export const mayNotWrite = () =>
  new AppError('messages_write_forbidden', { status: 403, message: 'You may read this conversation but not write in it.' })
export const unknownCategory = () => new AppError('unknown_category', { status: 400, message: 'The category does not exist.' })
export const attachmentNotFound = () =>
  new AppError('attachment_not_found', { status: 400, message: 'An attachment is not a document you can see in this client.' })
export const invalidRecipient = () =>
  new AppError('invalid_recipient', { status: 400, message: 'A recipient does not belong to this client or project.' })
export const invalidAssignee = () => new AppError('invalid_assignee', { status: 400, message: 'The assignee is not staff of this client.' })
/** More than 30 mailing messages (new requests and replies) a minute from one person. */
export const messagesRateLimited = () =>
  new AppError('messages_rate_limited', { status: 429, message: 'Too many messages in a short time. Please wait a moment.' })
export const invalidCursor = () => new AppError('invalid_cursor', { status: 400, message: 'The paging cursor is not valid.' })

/**
 * Takes one unit of the caller's per-minute budget for an action that mails others (private.take_send_budget:
 * 'message' 30, 'call' 5 a minute, kept in PostgreSQL); throws err() when it is spent. In the
 * writing transaction: a refused or failed write costs nothing.
 */
export async function takeSendBudget(tx: Tx, action: 'message' | 'call', err: () => AppError): Promise<void> {
  const [row] = await tx`select private.take_send_budget(${action}) as ok`
  if (!row?.ok) throw err()
}

/** Runs fn and turns a policy refusal (SQLSTATE 42501) into err(): for callers known to see the conversation. */
export async function refusedAs<T>(fn: () => Promise<T>, err: () => AppError): Promise<T> {
  try {
    return await fn()
  } catch (e) {
    if (e && typeof e === 'object' && (e as { code?: string }).code === '42501') throw err()
    throw e
  }
}
