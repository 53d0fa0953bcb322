import { describe, expect, it } from 'vitest'

/**
 * API smoke test against a running portal over real HTTP (CI runs it against the Deno-served
 * functions): `SMOKE_BASE_URL=http://127.0.0.1:8080 npx vitest run --project smoke`.
 *
 * Read-only by default, so it may be pointed at any installation. With SMOKE_ALLOW_SETUP=1 (a
 * fresh, throw-away database only) it also performs the first-run setup, which exercises password
 * rules, Argon2 hashing and a privileged write end to end.
 */
const BASE = new URL(process.env.SMOKE_BASE_URL ?? 'http://127.0.0.1:8080')
const ORIGIN = BASE.origin
const ALLOW_SETUP = process.env.SMOKE_ALLOW_SETUP === '1'

async function request(path: string, init: RequestInit = {}) {
  const res = await fetch(new URL(path, BASE), { redirect: 'manual', ...init })
  const text = await res.text()
  let json: any
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    json = undefined
  }
  return { status: res.status, headers: res.headers, text, json }
}

const post = (path: string, body: string, headers: Record<string, string>) => request(path, { method: 'POST', body, headers })

function expectEnvelope(res: Awaited<ReturnType<typeof request>>, status: number, code: string) {
  expect(res.status, res.text).toBe(status)
  expect(res.headers.get('content-type')).toMatch(/^application\/json/)
  expect(res.json).toMatchObject({ code, status })
  expect(typeof res.json.message).toBe('string')
  expect(res.json.requestId).toBe(res.headers.get('x-request-id'))
}

describe(`API smoke against ${ORIGIN}`, () => {
  it('health: ok (database reachable, no pending migrations), and no details without the metrics token', async () => {
    const res = await request('/functions/v1/health')
    expect(res.status, res.text).toBe(200)
    expect(res.json).toEqual({ status: 'ok' })
  })

  it.each(['/functions/v1/no-such-function', '/functions/v1/auth/no-such-route', '/functions/v1/health/x'])(
    'unknown route %s: 404 JSON envelope',
    async (path) => {
      expectEnvelope(await request(path), 404, 'not_found')
    },
  )

  it('security headers on API responses', async () => {
    const res = await request('/functions/v1/health')
    const csp = res.headers.get('content-security-policy') ?? ''
    const directives = new Map(
      csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!.toLowerCase(), values.join(' ')]),
    )
    expect(directives.get('object-src')).toBe("'none'")
    expect(directives.get('base-uri')).toBe("'none'")
    expect(directives.get('frame-ancestors')).toBe("'none'")
    expect(directives.get('default-src')).toBe("'self'")
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin')
    expect(res.headers.get('cache-control')).toBe('no-store')
  })

  it('security headers also on errors and on the web app', async () => {
    for (const path of ['/functions/v1/no-such-function', '/']) {
      const res = await request(path)
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'")
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer')
      expect(res.headers.get('cross-origin-opener-policy'), path).toBe('same-origin')
      if (path.startsWith('/functions/')) expect(res.headers.get('cache-control'), path).toBe('no-store')
    }
  })

  it('POST with text/plain: 415', async () => {
    const res = await post('/functions/v1/auth/setup', '{}', { origin: ORIGIN, 'content-type': 'text/plain' })
    expectEnvelope(res, 415, 'unsupported_media_type')
  })

  it('POST with a foreign Origin: 403 forbidden_origin', async () => {
    const res = await post('/functions/v1/auth/setup', '{}', { origin: 'https://evil.example', 'content-type': 'application/json' })
    expectEnvelope(res, 403, 'forbidden_origin')
  })

  it('POST without Origin or Sec-Fetch-Site: 403 forbidden_origin', async () => {
    const res = await post('/functions/v1/auth/setup', '{}', { 'content-type': 'application/json' })
    expectEnvelope(res, 403, 'forbidden_origin')
  })

  it('POST with malformed JSON (same origin): 400 invalid_json', async () => {
    const res = await post('/functions/v1/auth/setup', '{"firmName":', { origin: ORIGIN, 'content-type': 'application/json' })
    expectEnvelope(res, 400, 'invalid_json')
  })

  it('GET /functions/v1/auth/setup: 200 with a boolean needsSetup', async () => {
    const res = await request('/functions/v1/auth/setup')
    expect(res.status, res.text).toBe(200)
    expect(typeof res.json.needsSetup).toBe('boolean')
  })

  it('GET /functions/v1/auth/session without a cookie: 401', async () => {
    expectEnvelope(await request('/functions/v1/auth/session'), 401, 'unauthenticated')
  })

  it('X-Request-Id on every response, unique per request', async () => {
    const ids = new Set<string>()
    for (const [path, init] of [
      ['/functions/v1/health', {}],
      ['/functions/v1/no-such-function', {}],
      ['/functions/v1/auth/setup', {}],
      ['/functions/v1/auth/setup', { method: 'POST', body: 'x', headers: { 'content-type': 'text/plain', origin: ORIGIN } }],
      ['/', {}],
    ] as const) {
      const res = await request(path, init as RequestInit)
      const id = res.headers.get('x-request-id')
      expect(id, `${path}`).toMatch(/^[0-9a-f-]{36}$/)
      ids.add(id!)
    }
    expect(ids.size).toBe(5)
  })

  it.runIf(ALLOW_SETUP)('first-run setup end to end (SMOKE_ALLOW_SETUP=1)', async () => {
    const before = await request('/functions/v1/auth/setup')
    expect(before.json).toEqual({ needsSetup: true, firmName: null })
    const body = JSON.stringify({
      firmName: 'Kanzlei Smoke',
      displayName: 'Dr. Erika Mustermann',
      email: 'erika@smoke.example',
      password: 'Mondschein über Tübingen 7',
    })
    const headers = { origin: ORIGIN, 'content-type': 'application/json' }
    const weak = await post('/functions/v1/auth/setup', body.replace('Mondschein über Tübingen 7', 'passwordpassword123'), headers)
    expectEnvelope(weak, 422, 'password_rejected')
    const created = await post('/functions/v1/auth/setup', body, headers)
    expect(created.status, created.text).toBe(201)
    expect(created.json.account).toMatchObject({ email: 'erika@smoke.example' })
    expect((await request('/functions/v1/auth/setup')).json).toEqual({ needsSetup: false, firmName: 'Kanzlei Smoke' })
    expectEnvelope(await post('/functions/v1/auth/setup', body, headers), 409, 'setup_already_done')
  })

  it.runIf(ALLOW_SETUP)('a resumable (tus) upload in two parts, then the download (SMOKE_ALLOW_SETUP=1, after the setup)', async () => {
    const json = { origin: ORIGIN, 'content-type': 'application/json' }
    // The new admin signs in with the password alone: within the grace period for the second factor.
    const signIn = await fetch(new URL('/functions/v1/auth/sign-in', BASE), {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email: 'erika@smoke.example', password: 'Mondschein über Tübingen 7' }),
    })
    expect(signIn.status, await signIn.clone().text()).toBe(200)
    // The last Set-Cookie of each name wins (the first one clears an older session).
    const jar = new Map(signIn.headers.getSetCookie().map((c) => c.split(';')[0]!.split('=') as [string, string]))
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
    const client = await post('/functions/v1/clients', JSON.stringify({ name: 'Smoke GmbH' }), { ...json, cookie })
    expect(client.status, client.text).toBe(201)
    const file = Buffer.alloc(300_000, 7)
    Buffer.from('%PDF-1.7\n').copy(file, 0)
    const tus = { origin: ORIGIN, cookie, 'tus-resumable': '1.0.0' }
    const meta = (v: string) => Buffer.from(v).toString('base64')
    const created = await request('/functions/v1/documents/uploads', {
      method: 'POST',
      headers: { ...tus, 'upload-length': String(file.length), 'upload-metadata': `clientId ${meta(client.json.id)},filename ${meta('Smoke.pdf')},audience ${meta('internal')}` },
    })
    expect(created.status, created.text).toBe(201)
    const location = created.headers.get('location')!
    const patch = (from: number, to: number) =>
      request(location, {
        method: 'PATCH',
        headers: { ...tus, 'upload-offset': String(from), 'content-type': 'application/offset+octet-stream' },
        body: file.subarray(from, to),
      })
    expect((await patch(0, 100_000)).headers.get('upload-offset')).toBe('100000')
    const head = await request(location, { method: 'HEAD', headers: tus })
    expect(head.headers.get('upload-offset')).toBe('100000')
    const last = await patch(100_000, file.length)
    expect(last.status, last.text).toBe(204)
    const documentId = last.headers.get('upload-document-id')!
    expect(documentId).toMatch(/^[0-9a-f-]{36}$/)
    const download = await fetch(new URL(`/functions/v1/documents/${documentId}/file`, BASE), { headers: { cookie } })
    expect(download.status).toBe(200)
    expect(Buffer.from(await download.arrayBuffer()).equals(file)).toBe(true)
  })
})
