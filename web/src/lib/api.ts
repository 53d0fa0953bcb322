/** The error envelope every function answers with: branch on code, never on message. */
export type ErrorEnvelope = {
  code: string
  message: string
  status: number
  requestId?: string
  data?: unknown
}

/**
 * A failed API call. code is the server's stable error code, or 'network_error' when the portal
 * could not be reached, or 'bad_response' when the answer was not the JSON envelope.
 */
export class ApiError extends Error {
  readonly code: string
  readonly status: number
  readonly requestId?: string
  readonly data?: unknown

  constructor(
    code: string,
    options: { status: number; message?: string; requestId?: string; data?: unknown },
  ) {
    super(options.message ?? code)
    this.name = 'ApiError'
    this.code = code
    this.status = options.status
    this.requestId = options.requestId
    this.data = options.data
  }
}

function isEnvelope(value: unknown): value is ErrorEnvelope {
  return (
    typeof value === 'object' && value !== null && typeof (value as ErrorEnvelope).code === 'string'
  )
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text()
  if (!text) return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * Calls a portal function on the same origin with the session cookie and JSON in both directions.
 * Resolves with the parsed body of a 2xx answer; throws ApiError for everything else.
 */
export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (init.body !== undefined) headers['Content-Type'] = 'application/json'
  let response: Response
  try {
    response = await fetch(path, {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    })
  } catch {
    throw new ApiError('network_error', { status: 0 })
  }
  const payload = await readJson(response)
  const requestId = response.headers.get('X-Request-Id') ?? undefined
  if (response.ok) return payload as T
  if (!isEnvelope(payload))
    throw new ApiError('bad_response', { status: response.status, requestId })
  throw new ApiError(payload.code, {
    status: response.status,
    message: payload.message,
    requestId: payload.requestId ?? requestId,
    data: payload.data,
  })
}

/** GET a JSON resource; throws ApiError. */
export const getJson = <T>(path: string) => api<T>(path)

/** POST a JSON body; throws ApiError. */
export const postJson = <T>(path: string, body: unknown) => api<T>(path, { method: 'POST', body })

/** PATCH a JSON body; throws ApiError. */
export const patchJson = <T>(path: string, body: unknown) => api<T>(path, { method: 'PATCH', body })

/** DELETE without a body (the server accepts a bodyless DELETE without Content-Type). */
export const deleteJson = <T>(path: string) => api<T>(path, { method: 'DELETE' })

/** Normalises anything thrown into an ApiError, so pages only ever branch on a code. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error
  return new ApiError('client_error', {
    status: 0,
    message: error instanceof Error ? error.message : String(error),
  })
}
