export const ORIGIN = 'http://localhost'

type Fetchable = { request: (input: string, init?: RequestInit, env?: unknown) => Response | Promise<Response> }

/**
 * Calls a Hono app as a same-origin browser would (Origin header, JSON body), without a server.
 * ip sets the TCP peer address the app sees.
 */
export async function call(
  app: Fetchable,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: BodyInit; cookie?: string; ip?: string; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { origin: ORIGIN, ...options.headers }
  if (options.cookie) headers.cookie = options.cookie
  let body: BodyInit | undefined = options.rawBody
  if (options.body !== undefined) {
    body = JSON.stringify(options.body)
    headers['content-type'] ??= 'application/json'
  }
  const res = await app.request(`${ORIGIN}${path}`, { method, headers, body }, { remoteAddr: { hostname: options.ip ?? '203.0.113.10' } })
  const text = await res.text()
  let json: any
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    json = undefined
  }
  return { status: res.status, headers: res.headers, text, json }
}
