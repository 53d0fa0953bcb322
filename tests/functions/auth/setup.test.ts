import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../../functions/auth/app.ts'
import { deliverDueMail } from '../../../functions/_shared/mail/worker.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { call } from '../../helpers/http.ts'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

const valid = {
  firmName: 'Kanzlei Berger',
  displayName: 'Dr. Jana Berger',
  email: 'Jana@Berger.example',
  password: 'Mondschein über Tübingen 7',
}

const counts = async () => {
  const [row] = await ctx.owner`select (select count(*)::int from public.accounts) as accounts,
    (select count(*)::int from private.password_credentials) as credentials,
    (select count(*)::int from public.audit_log) as audit,
    (select count(*)::int from private.outbox) as outbox,
    (select count(*)::int from public.firm_settings) as settings`
  return row
}

describe('first-run setup', () => {
  it('reports that setup is needed while no staff account exists', async () => {
    const res = await call(app, 'GET', '/functions/v1/auth/setup')
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ needsSetup: true, firmName: null })
  })

  it.each([
    { name: 'a weak password', body: { ...valid, password: 'passwordpassword123' }, status: 422, code: 'password_rejected' },
    { name: 'a password naming the firm', body: { ...valid, password: 'Kanzlei Berger ist die beste!' }, status: 422, code: 'password_rejected' },
    { name: 'an unknown field', body: { ...valid, isAdmin: false }, status: 400, code: 'validation_failed' },
    { name: 'a __proto__ key', rawBody: `{"firmName":"K","displayName":"D","email":"a@b.de","password":"Mondschein über Tübingen 7","__proto__":{"x":1}}`, status: 400, code: 'validation_failed' },
    { name: 'a wrong type', body: { ...valid, email: 42 }, status: 400, code: 'validation_failed' },
    { name: 'malformed JSON', rawBody: '{"firmName":', status: 400, code: 'invalid_json' },
    { name: 'a text/plain body', rawBody: JSON.stringify(valid), headers: { 'content-type': 'text/plain' }, status: 415, code: 'unsupported_media_type' },
    { name: 'a foreign Origin', body: valid, headers: { origin: 'https://evil.example' }, status: 403, code: 'forbidden_origin' },
    { name: 'an oversized body', body: { ...valid, firmName: 'x'.repeat(20_000) }, status: 413, code: 'payload_too_large' },
  ])('refuses $name with $status $code and writes nothing', async ({ body, rawBody, headers, status, code }) => {
    const before = await counts()
    const res = await call(app, 'POST', '/functions/v1/auth/setup', {
      body,
      rawBody,
      headers: { 'content-type': 'application/json', ...(headers as Record<string, string> | undefined) },
    })
    expect(res.status).toBe(status)
    expect(res.json).toMatchObject({ code, status })
    expect(res.json.requestId).toBe(res.headers.get('x-request-id'))
    expect(await counts()).toEqual(before)
  })

  it('names the password problems so the UI can explain them', async () => {
    const res = await call(app, 'POST', '/functions/v1/auth/setup', { body: { ...valid, password: 'kurz' } })
    expect(res.json.data.problems).toContain('too_short')
  })

  it('refuses a chunked oversized body on the stream', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(8 * 1024))
    let sent = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 4) controller.enqueue(chunk)
        else controller.close()
      },
    })
    const res = await app.request('http://localhost/functions/v1/auth/setup', {
      method: 'POST',
      headers: { origin: 'http://localhost', 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: stream,
      duplex: 'half',
    } as RequestInit)
    expect(res.status).toBe(413)
  })

  it('creates the firm and the admin once, with an audit entry and a welcome mail', async () => {
    const res = await call(app, 'POST', '/functions/v1/auth/setup', { body: valid })
    expect(res.status).toBe(201)
    expect(res.json.account.email).toBe('jana@berger.example')
    const [account] = await ctx.owner`select kind, is_admin, mfa_deadline from public.accounts`
    expect(account).toMatchObject({ kind: 'staff', is_admin: true })
    const graceMs = account!.mfa_deadline.getTime() - ctx.runtime.now().getTime()
    expect(Math.round(graceMs / 3600_000)).toBe(72)
    const [credential] = await ctx.owner`select hash from private.password_credentials`
    expect(credential!.hash).toMatch(/^\$argon2id\$v=19\$m=65536,t=5,p=1\$/)
    expect(await ctx.owner`select action from public.audit_log`).toEqual([{ action: 'setup.first_admin_created' }])
    await deliverDueMail(ctx.runtime)
    const files = await readdir(path.join(ctx.dataDir, 'mail'))
    expect(files).toHaveLength(1)
  })

  it('refuses a second setup and says setup is done', async () => {
    const res = await call(app, 'POST', '/functions/v1/auth/setup', { body: { ...valid, email: 'other@berger.example' } })
    expect(res.status).toBe(409)
    expect(res.json.code).toBe('setup_already_done')
    expect((await call(app, 'GET', '/functions/v1/auth/setup')).json).toEqual({ needsSetup: false, firmName: 'Kanzlei Berger' })
  })
})

describe('responses', () => {
  it('carry the security headers and no-store', async () => {
    const res = await call(app, 'GET', '/functions/v1/auth/setup')
    const csp = res.headers.get('content-security-policy')!
    for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "script-src 'self'"]) {
      expect(csp).toContain(directive)
    }
    expect(csp).not.toContain('unsafe-inline')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin')
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('strict-transport-security')).toBeNull()
  })

  it('answer unknown routes with the 404 envelope', async () => {
    const res = await call(app, 'GET', '/functions/v1/auth/nothing-here')
    expect(res.status).toBe(404)
    expect(res.json).toMatchObject({ code: 'not_found', status: 404 })
  })

  it('refuse the session route without a session', async () => {
    const res = await call(app, 'GET', '/functions/v1/auth/session')
    expect(res.status).toBe(401)
    expect(res.json.code).toBe('unauthenticated')
  })
})
