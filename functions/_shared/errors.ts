import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { ZodError } from 'zod'
import { log } from './log.ts'

/** Stable error codes the web app branches on (never on the message). */
export type ErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'invalid_json'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'forbidden_origin'
  | 'unauthenticated'
  | 'second_factor_required'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'setup_already_done'
  | 'rate_limited'
  | 'service_unavailable'
  | 'internal_error'
  | (string & {})

/** The one error class of the portal: a code, an HTTP status, a safe message and optional data. */
export class AppError extends Error {
  readonly status: number
  readonly data?: unknown
  constructor(
    readonly code: ErrorCode,
    options: { status?: number; message?: string; data?: unknown } = {},
  ) {
    super(options.message ?? code)
    this.status = options.status ?? 400
    this.data = options.data
  }
}

type Envelope = { code: string; message: string; status: number; data?: unknown; requestId?: string }

/** Maps PostgreSQL errors by SQLSTATE to the envelope; unknown states are internal errors. */
function fromPostgres(err: { code?: string; message?: string; detail?: string }): AppError | undefined {
  // A rule of our own raised in SQL: SQLSTATE 'PT' + the HTTP status, the message is the stable
  // code and the detail a safe sentence (e.g. 'PT409' retention_period_running).
  if (/^PT[45]\d\d$/.test(err.code ?? '') && /^[a-z][a-z_]{2,59}$/.test(err.message ?? ''))
    return new AppError(err.message!, { status: Number(err.code!.slice(2)), message: err.detail || err.message })
  switch (err.code) {
    case '23505':
    case '23P01':
      return new AppError('conflict', { status: 409, message: 'The change conflicts with existing data.' })
    case '42501':
      return new AppError('not_found', { status: 404, message: 'Not found.' })
    case '23503':
    case '23514':
    case '22P02':
      return new AppError('bad_request', { status: 400, message: 'The request is not valid.' })
    default:
      return undefined
  }
}

/** Turns any thrown value into the envelope. Logs unknown errors with the request id. */
export function renderError(err: unknown, c: Context): Response {
  const requestId = c.get('requestId') as string | undefined
  let appError: AppError | undefined
  if (err instanceof AppError) appError = err
  else if (err instanceof ZodError)
    appError = new AppError('validation_failed', {
      status: 400,
      message: 'The request is not valid.',
      data: { issues: err.issues.map((i) => ({ path: i.path.map(String), code: i.code, message: i.message })) },
    })
  else if (err instanceof HTTPException) {
    const codes: Record<number, ErrorCode> = { 413: 'payload_too_large', 415: 'unsupported_media_type', 404: 'not_found' }
    appError = new AppError(codes[err.status] ?? 'bad_request', { status: err.status, message: err.message || undefined })
  } else if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string')
    appError = fromPostgres(err as { code: string })

  if (!appError) {
    log.error('unhandled error', { requestId, path: c.req.path, error: err instanceof Error ? err : String(err) })
    appError = new AppError('internal_error', { status: 500, message: 'Something went wrong. Please quote the request id.' })
  } else if (appError.status >= 500) {
    log.warn('server error', { requestId, path: c.req.path, errorCode: appError.code })
  }
  const body: Envelope = { code: appError.code, message: appError.message, status: appError.status, requestId }
  if (appError.data !== undefined) body.data = appError.data
  return c.json(body, appError.status as 400)
}
