import type { Context } from 'hono'
import { AppError, renderError } from '../errors.ts'

/** tus's own errors (status codes of @tus/server) as the portal's stable codes. */
export type TusCodes = Record<number, string>

/**
 * Any error of a tus call as the portal's JSON envelope (status and body): tus's own errors get
 * the stable code for their status, everything goes through renderError like every other error
 * (same logging; the caller's context decides, e.g. the guest routes' one 404). tus writes status
 * and body itself.
 */
export async function tusErrorEnvelope(err: unknown, c: Context, codes: TusCodes): Promise<{ status_code: number; body: string }> {
  let error = err
  if (err && typeof err === 'object' && 'status_code' in err && !(err instanceof AppError)) {
    const status = Number((err as { status_code: number }).status_code)
    const message = String((err as { body?: string }).body ?? '').trim() || 'The upload request is not valid.'
    error = new AppError(codes[status] ?? (status >= 500 ? 'internal_error' : 'bad_request'), { status, message })
  }
  const response = renderError(error, c)
  return { status_code: response.status, body: await response.text() }
}
