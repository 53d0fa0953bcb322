import { serve, type ServerType } from '@hono/node-server'
import { Hono } from 'hono'
import { randomBytes } from 'node:crypto'
import { readdir, utimes, writeFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { Upload } from 'tus-js-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGateway } from '../../../functions/_server/gateway.ts'
import type { Claims } from '../../../functions/_shared/db.ts'
import { rotateMasterKey } from '../../../functions/_shared/key-rotation.ts'
import { sweepGuestSessions } from '../../../functions/shares/service/sweep-sessions.ts'
import { buildDocumentFixture, type DocPerson, type DocumentFixture } from '../../helpers/document-fixture.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'

/**
 * Resumable uploads for the guests of upload links (issue 6: "uploads with progress and resume"),
 * through the real server over a socket with tus-js-client as the guest page uses it: the
 * checks before any byte, resume after an interruption, the file arriving with the guest's name
 * and e-mail, and a guest session reaching only its own uploads in progress — via HTTP and in SQL.
 */
const LIMIT = 8 * 2 ** 20
let ctx: TestContext
let f: DocumentFixture
let server: ServerType
let base: string
beforeAll(async () => {
  ctx = await createTestContext({ MAX_UPLOAD_BYTES: String(LIMIT) })
  f = await buildDocumentFixture(ctx)
  await ctx.owner`insert into public.firm_settings (id, firm_name) values (1, 'Kanzlei Muster') on conflict (id) do nothing`
  const holder = new Hono()
  holder.route('/', createGateway((() => async () => new Response(null, { status: 426 })) as unknown as Parameters<typeof createGateway>[0]))
  server = serve({ fetch: holder.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((r) => server.once('listening', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise((r) => server?.close(r))
  await ctx?.close()
})

const ENDPOINT = () => `${base}/functions/v1/shares/guest/tus`
const pdf = (size: number) => {
  const body = randomBytes(size)
  Buffer.from('%PDF-1.7\n').copy(body, 0)
  return body
}
const http = (method: string, url: string, options: { cookie?: string; headers?: Record<string, string>; body?: unknown } = {}) =>
  fetch(url.startsWith('http') ? url : `${base}${url}`, {
    method,
    headers: {
      origin: base,
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...(options.body !== undefined && !Buffer.isBuffer(options.body) ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? (options.body as unknown as BodyInit) : JSON.stringify(options.body),
  })
const tusCall = (cookie: string | undefined, method: string, url: string, headers: Record<string, string> = {}, body?: Buffer) =>
  http(method, url, { cookie, headers: { 'tus-resumable': '1.0.0', ...headers }, body })
const metadataHeader = (fields: Record<string, string>) =>
  Object.entries(fields).map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`).join(',')
const create = (cookie: string | undefined, length: number, filename: string) =>
  tusCall(cookie, 'POST', ENDPOINT(), { 'upload-length': String(length), 'upload-metadata': metadataHeader({ filename }) })

async function uploadLink(who: DocPerson, body: Record<string, unknown>) {
  const res = await http('POST', '/functions/v1/shares/upload-links', { cookie: f.cookies[who], body: { clientId: f.clients.a, expiresInDays: 7, ...body } })
  const json = (await res.json()) as { id: string; url: string }
  expect(res.status).toBe(201)
  return { id: json.id, token: json.url.split('#')[1]! }
}
/** A guest session of the link (cookie), identified unless told otherwise. */
async function guest(token: string, identify = true) {
  const res = await http('POST', '/functions/v1/shares/guest/open', { body: { token } })
  const cookie = `portal_guest=${/portal_guest=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]}`
  if (identify) expect((await http('POST', '/functions/v1/shares/guest/identify', { cookie, body: { name: 'Erika Bank', email: 'erika@bank.example' } })).status).toBe(200)
  return cookie
}
const notFoundBody = async () => (await http('POST', '/functions/v1/shares/guest/open', { body: { token: 'z'.repeat(43) } })).text()

/** One upload with tus-js-client; resolves with the document id the last response named. */
function tusUpload(cookie: string, body: Buffer, filename: string, options: Partial<ConstructorParameters<typeof Upload>[1]> = {}) {
  return new Promise<{ documentId: string | null; url: string | null }>((resolve, reject) => {
    let documentId: string | null = null
    const upload: Upload = new Upload(body, {
      endpoint: ENDPOINT(),
      headers: { origin: base, cookie },
      chunkSize: 1024 * 1024,
      retryDelays: [],
      metadata: { filename },
      onAfterResponse: (_req, res) => {
        documentId = res.getHeader('Upload-Document-Id') ?? documentId
      },
      onSuccess: () => resolve({ documentId, url: upload.url }),
      onError: reject,
      ...options,
    })
    upload.start()
  })
}

describe('resumable uploads of upload-link guests (tus)', () => {
  it('a guest uploads in chunks, breaks off, resumes where it stopped; the document arrives in the project with the guest\'s name and e-mail', async () => {
    const link = await uploadLink('clerk_a', { projectId: f.projects.a, maxFiles: 3 })
    const cookie = await guest(link.token)
    const body = pdf(3 * 1024 * 1024 + 123)

    // The first chunk arrives, then the connection "breaks" (the client stops).
    const url = await new Promise<string>((resolve, reject) => {
      const upload: Upload = new Upload(body, {
        endpoint: ENDPOINT(),
        headers: { origin: base, cookie },
        chunkSize: 1024 * 1024,
        retryDelays: [],
        metadata: { filename: 'Kontoauszüge 2025.pdf' },
        onChunkComplete: () => {
          void upload.abort(false).then(() => resolve(upload.url!))
        },
        onError: reject,
      })
      upload.start()
    })
    expect(url).toMatch(/\/functions\/v1\/shares\/guest\/tus\/[0-9a-f-]{36}$/)
    const head = await tusCall(cookie, 'HEAD', url)
    expect(head.status).toBe(200)
    expect(Number(head.headers.get('upload-offset'))).toBe(1024 * 1024)
    // Staged encrypted: no plaintext on the disk.
    const stagedDir = path.join(ctx.dataDir, 'guest-uploads')
    const [stagedName] = await readdir(stagedDir)
    expect(stagedName).toBe(`${url.split('/').pop()}.staged`)

    // Resumed: only the rest is sent.
    let firstOffset = -1
    const done = await tusUpload(cookie, body, 'Kontoauszüge 2025.pdf', {
      uploadUrl: url,
      onProgress: (sent) => {
        if (firstOffset < 0) firstOffset = sent
      },
    })
    expect(firstOffset).toBeGreaterThanOrEqual(1024 * 1024)
    expect(done.documentId).toMatch(/^[0-9a-f-]{36}$/)
    const [doc] = await ctx.owner`
      select i.audience, i.project_id, d.guest_name, d.guest_email, d.share_id, v.filename, v.size, v.media_type,
             (select count(*)::int from public.item_recipients r where r.item_id = i.id) as recipients
      from public.items i join public.documents d on d.item_id = i.id join public.document_versions v on v.item_id = i.id
      where i.id = ${done.documentId}`
    expect(doc).toEqual({ audience: 'people', project_id: f.projects.a, guest_name: 'Erika Bank', guest_email: 'erika@bank.example', share_id: link.id, filename: 'Kontoauszüge 2025.pdf', size: String(body.length), media_type: 'application/pdf', recipients: 0 })
    expect((await ctx.owner`select document_id from public.share_uploads where id = ${url.split('/').pop()!}`)[0]!.document_id).toBe(done.documentId)
    expect(await readdir(stagedDir)).toEqual([])
    // Staff download exactly the bytes the guest sent; the link counts one upload, the log says so.
    const file = await http('GET', `/functions/v1/documents/${done.documentId}/file`, { cookie: f.cookies.clerk_a })
    expect(Buffer.from(await file.arrayBuffer()).equals(body)).toBe(true)
    expect((await ctx.owner`select uploads from public.shares where id = ${link.id}`)[0]!.uploads).toBe(1)
    const [audit] = await ctx.owner`select detail from public.audit_log where action = 'share.uploaded' and object_id = ${done.documentId}`
    expect(audit!.detail).toMatchObject({ shareId: link.id, resumable: true, guestEmail: 'erika@bank.example' })
    // The guest's page lists it among its own uploads.
    const view = (await (await http('GET', '/functions/v1/shares/guest/view', { cookie })).json()) as { uploads: { filename: string }[]; remainingFiles: number }
    expect(view).toMatchObject({ remainingFiles: 2, uploads: [{ filename: 'Kontoauszüge 2025.pdf' }] })
    // Asked again after the end: the full offset, and still one document.
    const again = await tusCall(cookie, 'HEAD', url)
    expect(again.status).toBe(200)
    expect((await ctx.owner`select count(*)::int as n from public.documents where share_id = ${link.id}`)[0]!.n).toBe(1)
  })

  it('checks before any byte: details given, type, the link\'s size cap, its number of files, the quota — and changes nothing when refused', async () => {
    const link = await uploadLink('clerk_a', { projectId: f.projects.a, maxFiles: 1, maxFileBytes: 1000 })
    const anonymous = await guest(link.token, false)
    const refused = async (cookie: string, length: number, filename: string) => {
      const res = await create(cookie, length, filename)
      return { status: res.status, code: ((await res.json()) as { code: string }).code }
    }
    expect(await refused(anonymous, 10, 'a.pdf')).toEqual({ status: 422, code: 'guest_details_required' })
    const cookie = await guest(link.token)
    expect(await refused(cookie, 10, 'tool.exe')).toEqual({ status: 415, code: 'type_not_allowed' })
    expect(await refused(cookie, 1001, 'gross.pdf')).toEqual({ status: 413, code: 'payload_too_large' })
    expect(await refused(cookie, LIMIT + 1, 'riesig.pdf')).toEqual({ status: 413, code: 'payload_too_large' })
    // Metadata other than the file name is refused.
    const extra = await tusCall(cookie, 'POST', ENDPOINT(), { 'upload-length': '10', 'upload-metadata': metadataHeader({ filename: 'a.pdf', clientId: f.clients.b }) })
    expect(extra.status).toBe(400)
    expect((await ctx.owner`select count(*)::int as n from public.share_uploads where share_id = ${link.id}`)[0]!.n).toBe(0)
    // One file allowed: the first upload in progress takes it; a second is refused.
    const first = await create(cookie, 500, 'a.pdf')
    expect(first.status).toBe(201)
    expect(await refused(cookie, 10, 'b.pdf')).toEqual({ status: 409, code: 'upload_limit_reached' })
    // Quota: what is staged counts.
    const quota = await uploadLink('clerk_a', {})
    const q = await guest(quota.token)
    const [used] = await ctx.owner`select coalesce(sum(size), 0)::bigint as n from public.document_versions where client_id = ${f.clients.a}`
    await ctx.owner`update public.clients set quota_bytes = ${Number(used!.n) + 600} where id = ${f.clients.a}`
    try {
      expect(await refused(q, 200, 'c.pdf')).toEqual({ status: 413, code: 'quota_exceeded' })
    } finally {
      await ctx.owner`update public.clients set quota_bytes = null where id = ${f.clients.a}`
    }
    await tusCall(cookie, 'DELETE', first.headers.get('location')!.startsWith('http') ? first.headers.get('location')! : `${base}${first.headers.get('location')}`)
  })

  it('parallel creations cannot exceed the link\'s number of files together (admitted and staged in one transaction)', async () => {
    const link = await uploadLink('clerk_a', { projectId: f.projects.a, maxFiles: 2 })
    const cookie = await guest(link.token)
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => create(cookie, 100, `teil-${i}.pdf`)))
    const statuses = results.map((r) => r.status).sort()
    expect(statuses).toEqual([201, 201, 409, 409, 409, 409])
    expect((await ctx.owner`select count(*)::int as n from public.share_uploads where share_id = ${link.id}`)[0]!.n).toBe(2)
    for (const r of results.filter((r) => r.status === 201)) await tusCall(cookie, 'DELETE', `${base}${r.headers.get('location')}`)
  })

  it('a guest upload in progress counts against the quota of signed-in uploads as well', async () => {
    const link = await uploadLink('clerk_a', { projectId: f.projects.a })
    const cookie = await guest(link.token)
    const staged = await create(cookie, 4000, 'gross.pdf')
    expect(staged.status).toBe(201)
    const [used] = await ctx.owner`select coalesce(sum(size), 0)::bigint as n from public.document_versions where client_id = ${f.clients.a}`
    const [open] = await ctx.owner`select coalesce(sum(size), 0)::bigint as n from public.uploads
                                   where client_id = ${f.clients.a} and document_id is null and expires_at > now()`
    await ctx.owner`update public.clients set quota_bytes = ${Number(used!.n) + Number(open!.n) + 5000} where id = ${f.clients.a}`
    try {
      // 4,000 staged by the guest + 2,000 more by a member exceed the 5,000 left.
      const member = await http('POST', '/functions/v1/documents/uploads', {
        cookie: f.cookies.client_a_member,
        headers: { 'tus-resumable': '1.0.0', 'upload-length': '2000', 'upload-metadata': metadataHeader({ clientId: f.clients.a, category: 'Belege', filename: 'b.pdf' }) },
      })
      expect(member.status).toBe(413)
      expect(((await member.json()) as { code: string }).code).toBe('quota_exceeded')
      // Without the guest's upload the same size fits: the guest's reservation made the difference.
      await tusCall(cookie, 'DELETE', `${base}${staged.headers.get('location')}`)
      const fits = await http('POST', '/functions/v1/documents/uploads', {
        cookie: f.cookies.client_a_member,
        headers: { 'tus-resumable': '1.0.0', 'upload-length': '2000', 'upload-metadata': metadataHeader({ clientId: f.clients.a, category: 'Belege', filename: 'b.pdf' }) },
      })
      expect(fits.status).toBe(201)
      await http('DELETE', fits.headers.get('location')!, { cookie: f.cookies.client_a_member, headers: { 'tus-resumable': '1.0.0' } })
    } finally {
      await ctx.owner`update public.clients set quota_bytes = null where id = ${f.clients.a}`
    }
  })

  it('a file whose content does not match its name is refused at the end; nothing remains', async () => {
    const link = await uploadLink('clerk_a', { projectId: f.projects.a })
    const cookie = await guest(link.token)
    await expect(tusUpload(cookie, Buffer.from('just text, not a pdf'), 'Vertrag.pdf')).rejects.toThrow(/type_mismatch/)
    expect((await ctx.owner`select count(*)::int as n from public.share_uploads where share_id = ${link.id}`)[0]!.n).toBe(0)
    expect((await ctx.owner`select count(*)::int as n from public.documents where share_id = ${link.id}`)[0]!.n).toBe(0)
    expect(await readdir(path.join(ctx.dataDir, 'guest-uploads'))).toEqual([])
  })

  it('another guest session, a download link\'s guest, no session and a revoked link reach no upload in progress (the identical 404)', async () => {
    const nf = await notFoundBody()
    const link = await uploadLink('clerk_a', { projectId: f.projects.a })
    const mine = await guest(link.token)
    const created = await create(mine, 2048, 'a.pdf')
    expect(created.status).toBe(201)
    const url = `${base}${created.headers.get('location')}`
    const other = await guest(link.token)
    const download = await http('POST', '/functions/v1/shares', { cookie: f.cookies.clerk_a, body: { clientId: f.clients.a, expiresInDays: 7, documentIds: [f.documents.a_client] } })
    const downloadGuest = await guest(((await download.json()) as { url: string }).url.split('#')[1]!, false)
    for (const cookie of [other, downloadGuest, undefined]) {
      for (const [method, headers, body] of [
        ['HEAD', {}, undefined],
        ['PATCH', { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, pdf(10)],
        ['DELETE', {}, undefined],
      ] as const) {
        const res = await tusCall(cookie, method, url, headers, body).catch((err) => { throw new Error(`${method}: ${err.cause ?? err}`) })
        expect(res.status, `${method} ${cookie === other ? 'other' : cookie ? 'download guest' : 'no session'}`).toBe(404)
        if (method !== 'HEAD') expect(await res.text()).toBe(nf)
      }
    }
    expect((await create(downloadGuest, 10, 'a.pdf')).status).toBe(404)
    expect((await create(undefined, 10, 'a.pdf')).status).toBe(404)
    // The owner still continues; after revocation it no longer can.
    expect((await tusCall(mine, 'HEAD', url)).status).toBe(200)
    await http('POST', `/functions/v1/shares/${link.id}/revoke`, { cookie: f.cookies.clerk_a, body: {} })
    expect((await tusCall(mine, 'HEAD', url)).status).toBe(404)
    const late = await tusCall(mine, 'PATCH', url, { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, pdf(2048))
    expect(late.status).toBe(404)
    expect(await late.text()).toBe(nf)
    expect((await ctx.owner`select count(*)::int as n from public.documents where share_id = ${link.id}`)[0]!.n).toBe(0)
  })

  it('in SQL: a guest session sees and starts uploads only for its own session and link', async () => {
    const link = await uploadLink('clerk_a', { projectId: f.projects.a })
    const a = await guest(link.token)
    const b = await guest(link.token)
    const started = await create(a, 4096, 'a.pdf')
    expect(started.status).toBe(201)
    const sessions = await ctx.owner`select id from private.share_sessions where share_id = ${link.id} order by created_at`
    const claimsOf = (session: string, share = link.id): Claims => ({ role: 'anon', share_id: share, session_id: session })
    const [sa, sb] = [sessions[0]!.id as string, sessions[1]!.id as string]
    // Two guest sessions of the same link, each with its own cookie.
    expect(sessions).toHaveLength(2)
    expect(a).not.toBe(b)
    const seen = async (claims: Claims) => (await ctx.db.asUser(claims, (tx) => tx`select id from public.share_uploads`)).length
    expect(await seen(claimsOf(sa))).toBe(1)
    expect(await seen(claimsOf(sb))).toBe(0)
    // Session b cannot start an upload in a's name, nor for another share or client.
    const insert = (claims: Claims, session: string, client = f.clients.a) =>
      ctx.db.asUser(claims, (tx) => tx`insert into public.share_uploads (id, share_id, session_id, client_id, filename, size, wrapped_key, iv, expires_at)
                                       values (${crypto.randomUUID()}, ${link.id}, ${session}, ${client}, 'x.pdf', 1, '\\x00', ${Buffer.alloc(16)}, now() + interval '1 hour')`)
    await expect(insert(claimsOf(sb), sa)).rejects.toMatchObject({ code: '42501' })
    await expect(insert(claimsOf(sb), sb, f.clients.b)).rejects.toMatchObject({ code: '42501' })
    await expect(ctx.db.asUser(claimsOf(sb), (tx) => tx`update public.share_uploads set document_id = null`)).rejects.toMatchObject({ code: '42501' })
    expect((await ctx.db.asUser(claimsOf(sb), (tx) => tx`delete from public.share_uploads returning id`)).length).toBe(0)
    // Signed-in people have no access to the table at all.
    await expect(ctx.db.asUser({ role: 'authenticated', sub: f.people.clerk_a.id, aal: 'aal2' } as Claims, (tx) => tx`select id from public.share_uploads`)).rejects.toMatchObject({ code: '42501' })
  })

  it('an upload in progress survives a master-key rotation: its staging key is rewrapped, it resumes and finishes', async () => {
    const link = await uploadLink('clerk_a', { projectId: f.projects.a })
    const cookie = await guest(link.token)
    const body = pdf(2 * 1024 * 1024 + 7)
    const url = await new Promise<string>((resolve, reject) => {
      const upload: Upload = new Upload(body, {
        endpoint: ENDPOINT(),
        headers: { origin: base, cookie },
        chunkSize: 1024 * 1024,
        retryDelays: [],
        metadata: { filename: 'Vollmacht.pdf' },
        onChunkComplete: () => void upload.abort(false).then(() => resolve(upload.url!)),
        onError: reject,
      })
      upload.start()
    })
    const [before] = await ctx.owner`select wrapped_key from public.share_uploads where id = ${url.split('/').pop()!}`
    const oldKey = ctx.runtime.secrets.fileMasterKey
    const newKey = randomBytes(32)
    const rotated = await rotateMasterKey(ctx.owner, oldKey, newKey)
    expect(rotated.uploads).toBeGreaterThanOrEqual(1)
    ctx.runtime.secrets.fileMasterKey = newKey
    const [after] = await ctx.owner`select wrapped_key from public.share_uploads where id = ${url.split('/').pop()!}`
    expect(Buffer.compare(before!.wrapped_key, after!.wrapped_key)).not.toBe(0)
    const done = await tusUpload(cookie, body, 'Vollmacht.pdf', { uploadUrl: url })
    const file = await http('GET', `/functions/v1/documents/${done.documentId}/file`, { cookie: f.cookies.clerk_a })
    expect(Buffer.from(await file.arrayBuffer()).equals(body)).toBe(true)
  })

  it('the sweeper removes expired guest uploads and staged files without an upload', async () => {
    const link = await uploadLink('clerk_a', { projectId: f.projects.a })
    const cookie = await guest(link.token)
    const created = await create(cookie, 4096, 'a.pdf')
    const id = created.headers.get('location')!.split('/').pop()!
    const dir = path.join(ctx.dataDir, 'guest-uploads')
    const orphan = crypto.randomUUID()
    await writeFile(path.join(dir, `${orphan}.staged`), 'x')
    const old = new Date(Date.now() - 2 * 3600_000)
    await utimes(path.join(dir, `${orphan}.staged`), old, old)
    await sweepGuestSessions(ctx.runtime)
    expect(await readdir(dir)).toContain(`${id}.staged`)
    expect(await readdir(dir)).not.toContain(`${orphan}.staged`)
    await ctx.owner`update public.share_uploads set expires_at = now() - interval '1 minute' where id = ${id}`
    await utimes(path.join(dir, `${id}.staged`), old, old)
    await sweepGuestSessions(ctx.runtime)
    expect(await readdir(dir)).not.toContain(`${id}.staged`)
    expect((await ctx.owner`select count(*)::int as n from public.share_uploads where id = ${id}`)[0]!.n).toBe(0)
  })
})
