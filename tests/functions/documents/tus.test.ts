import { serve, type ServerType } from '@hono/node-server'
import { Hono } from 'hono'
import { randomBytes } from 'node:crypto'
import { readdir, readFile, utimes, writeFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { Upload } from 'tus-js-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGateway } from '../../../functions/_server/gateway.ts'
import { sweepUploads } from '../../../functions/documents/tus/sweep.ts'
import { buildAccessFixture, type AccessFixture, type Person } from '../../helpers/access-fixture.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'

/**
 * Resumable uploads (tus) through the real server over a socket, with tus-js-client as the
 * browser uses it: creation checks before any byte, encrypted staging, resume after an
 * interruption, only the uploader sees an upload, and the finished file passes the same checks
 * as a direct upload.
 */
const LIMIT = 8 * 2 ** 20
let ctx: TestContext
let f: AccessFixture
let server: ServerType
let base: string
beforeAll(async () => {
  ctx = await createTestContext({ MAX_UPLOAD_BYTES: String(LIMIT) })
  f = await buildAccessFixture(ctx)
  const holder = new Hono()
  // No WebSocket here: upgrades are refused.
  holder.route('/', createGateway((() => async () => new Response(null, { status: 426 })) as unknown as Parameters<typeof createGateway>[0]))
  server = serve({ fetch: holder.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((r) => server.once('listening', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise((r) => server?.close(r))
  await ctx?.close()
})

const ENDPOINT = () => `${base}/functions/v1/documents/uploads`
const pdf = (size: number) => {
  const body = randomBytes(size)
  Buffer.from('%PDF-1.7\n').copy(body, 0)
  return body
}
const headersOf = (as: Person) => ({ origin: base, cookie: f.cookies[as] })

/** One upload with tus-js-client; resolves with the document id the last response named. */
function tusUpload(as: Person, body: Buffer, metadata: Record<string, string>, options: Partial<ConstructorParameters<typeof Upload>[1]> = {}) {
  return new Promise<{ documentId: string | null; url: string | null }>((resolve, reject) => {
    let documentId: string | null = null
    const upload: Upload = new Upload(body, {
      endpoint: ENDPOINT(),
      headers: headersOf(as),
      chunkSize: 1024 * 1024,
      retryDelays: [],
      metadata: { clientId: f.clients.a, category: 'Belege', ...metadata },
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

const raw = (as: Person, method: string, url: string, headers: Record<string, string> = {}, body?: Buffer) =>
  fetch(url.startsWith('http') ? url : `${base}${url}`, {
    method,
    headers: { ...headersOf(as), 'tus-resumable': '1.0.0', ...headers },
    body: body as unknown as BodyInit | undefined,
  })
const metadataHeader = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
    .join(',')
const create = (as: Person, length: number, fields: Record<string, string>) =>
  raw(as, 'POST', ENDPOINT(), { 'upload-length': String(length), 'upload-metadata': metadataHeader({ clientId: f.clients.a, category: 'Belege', ...fields }) })

async function state() {
  const [row] = await ctx.owner`select (select count(*)::int from public.uploads where document_id is null) as open_uploads,
                                       (select count(*)::int from public.items where kind = 'document') as documents`
  const staged = (await readdir(path.join(ctx.dataDir, 'uploads')).catch(() => [] as string[])).length
  return { openUploads: row!.open_uploads as number, documents: row!.documents as number, staged }
}
const download = (as: Person, id: string) => fetch(`${base}/functions/v1/documents/${id}/file`, { headers: { cookie: f.cookies[as] } })

describe('resumable uploads (tus)', () => {
  it('tus-js-client uploads a file in chunks; it becomes a document that downloads byte for byte', async () => {
    const body = pdf(3 * 2 ** 20 + 12345)
    const done = await tusUpload('client_a_member', body, { filename: 'Jahresabschluss 2025.pdf', note: '' })
    expect(done.documentId).toMatch(/^[0-9a-f-]{36}$/)
    const res = await download('clerk_a', done.documentId!)
    expect(res.status).toBe(200)
    expect(Buffer.from(await res.arrayBuffer()).equals(body)).toBe(true)
    const [version] = await ctx.owner`select filename, size from public.document_versions where item_id = ${done.documentId}`
    expect(version).toMatchObject({ filename: 'Jahresabschluss 2025.pdf', size: String(body.length) })
    // The finished upload's staged copy is gone; the row remembers the document for a late HEAD.
    const head = await raw('client_a_member', 'HEAD', done.url!)
    expect(head.status).toBe(200)
    expect(head.headers.get('upload-offset')).toBe(String(body.length))
    expect((await state()).staged).toBe(0)
  })

  it('an interrupted upload resumes where it stopped, and the staged bytes are encrypted on disk', async () => {
    const body = pdf(2 * 2 ** 20)
    const created = await create('client_a_member', body.length, { filename: 'Kontoauszüge.pdf' })
    expect(created.status).toBe(201)
    const url = created.headers.get('location')!
    expect(url).toMatch(/^\/functions\/v1\/documents\/uploads\/[0-9a-f-]{36}$/)

    // The connection breaks off after 700 KiB of a PATCH that announced the whole file.
    const sent = 700 * 1024
    const controller = new AbortController()
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(body.subarray(0, sent))
      },
      pull: () => new Promise(() => {}),
    })
    const broken = fetch(`${base}${url}`, {
      method: 'PATCH',
      headers: { ...headersOf('client_a_member'), 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      body: stream,
      duplex: 'half',
      signal: controller.signal,
    } as RequestInit).catch(() => undefined)
    // Wait until the server has written what arrived, then cut the connection.
    const id = url.split('/').pop()!
    const stagedFile = path.join(ctx.dataDir, 'uploads', `${id}.staged`)
    for (let i = 0; i < 200; i++) {
      const size = (await readFile(stagedFile)).length
      if (size >= sent) break
      await new Promise((r) => setTimeout(r, 25))
    }
    controller.abort()
    await broken

    const head = await raw('client_a_member', 'HEAD', url)
    const offset = Number(head.headers.get('upload-offset'))
    expect(offset).toBe(sent)
    const staged = await readFile(stagedFile)
    expect(staged.length).toBe(sent)
    expect(staged.includes(body.subarray(4096, 4096 + 64))).toBe(false)

    // tus-js-client continues from the server's offset and sends only the rest.
    let firstOffset = -1
    const done = await tusUpload('client_a_member', body, { filename: 'Kontoauszüge.pdf' }, {
      uploadUrl: `${base}${url}`,
      onBeforeRequest: (req) => {
        if (req.getMethod() === 'PATCH' && firstOffset < 0) firstOffset = Number(req.getHeader('Upload-Offset'))
      },
    })
    expect(firstOffset).toBe(sent)
    const res = await download('client_a_member', done.documentId!)
    expect(Buffer.from(await res.arrayBuffer()).equals(body)).toBe(true)
  })

  it('only the uploader sees, continues or cancels an upload: for anyone else it does not exist', async () => {
    const created = await create('client_a_member', 1000, { filename: 'Privat.pdf' })
    const url = created.headers.get('location')!
    for (const other of ['client_a_owner', 'lawyer', 'client_b_owner'] as const) {
      expect((await raw(other, 'HEAD', url)).status).toBe(404)
      const patch = await raw(other, 'PATCH', url, { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, pdf(1000))
      expect(patch.status).toBe(404)
      expect((await patch.json()).code).toBe('not_found')
      expect((await raw(other, 'DELETE', url)).status).toBe(404)
    }
    expect((await raw('client_a_member', 'HEAD', url)).headers.get('upload-offset')).toBe('0')
    // Without a session there is no upload endpoint at all.
    const anonymous = await fetch(`${base}${url}`, { method: 'HEAD', headers: { origin: base, 'tus-resumable': '1.0.0' } })
    expect(anonymous.status).toBe(401)
    // The uploader cancels: row and staged bytes are gone.
    const before = await state()
    expect((await raw('client_a_member', 'DELETE', url)).status).toBe(204)
    expect(await state()).toMatchObject({ openUploads: before.openUploads - 1, staged: before.staged - 1 })
    expect((await raw('client_a_member', 'HEAD', url)).status).toBe(404)
  })

  it('refuses an upload before the first byte when the right, the type, the size or the quota says no', async () => {
    const before = await state()
    const cases: [Person, number, Record<string, string>, number, string][] = [
      ['client_b_owner', 1000, { filename: 'a.pdf' }, 404, 'not_found'],
      ['client_a_viewer', 1000, { filename: 'a.pdf' }, 404, 'not_found'],
      ['client_a_member', 1000, { filename: 'setup.exe' }, 415, 'type_not_allowed'],
      ['client_a_member', LIMIT + 1, { filename: 'big.pdf' }, 413, 'payload_too_large'],
      ['client_a_member', 1000, { filename: 'a.pdf', audience: 'everyone' }, 400, 'validation_failed'],
      ['client_a_member', 1000, {}, 400, 'validation_failed'],
    ]
    for (const [as, length, fields, status, code] of cases) {
      const res = await create(as, length, fields)
      expect([as, fields, res.status]).toEqual([as, fields, status])
      expect((await res.json()).code).toBe(code)
    }
    await ctx.owner`update public.clients set quota_bytes = 5000 where id = ${f.clients.a}`
    try {
      const res = await create('client_a_member', 6000, { filename: 'a.pdf' })
      expect(res.status).toBe(413)
      expect((await res.json()).code).toBe('quota_exceeded')
    } finally {
      await ctx.owner`update public.clients set quota_bytes = null where id = ${f.clients.a}`
    }
    expect(await state()).toEqual(before)
  })

  it('a finished upload whose content does not match its name is refused and nothing is kept', async () => {
    const before = await state()
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), randomBytes(3000)])
    const error = await tusUpload('client_a_member', png, { filename: 'Rechnung.pdf' }).then(
      () => undefined,
      (err: Error & { originalResponse?: { getStatus(): number; getBody(): string } }) => err,
    )
    expect(error?.originalResponse?.getStatus()).toBe(415)
    expect(JSON.parse(error!.originalResponse!.getBody()).code).toBe('type_mismatch')
    expect(await state()).toEqual(before)
  })

  it('a 0-byte file becomes a document at creation', async () => {
    const res = await create('clerk_a', 0, { filename: 'leer.txt', audience: 'internal' })
    expect(res.status).toBe(201)
    const id = res.headers.get('upload-document-id')!
    const [version] = await ctx.owner`select size, media_type from public.document_versions where item_id = ${id}`
    expect(version).toEqual({ size: '0', media_type: 'text/plain' })
  })

  it('the sweeper removes expired uploads and staged files left without an upload, and nothing else', async () => {
    const keep = (await create('client_a_member', 1000, { filename: 'bleibt.pdf' })).headers.get('location')!
    await ctx.owner`update public.uploads set expires_at = now() + interval '48 hours' where id = ${keep.split('/').pop()!}`
    const gone = (await create('client_a_member', 1000, { filename: 'abgelaufen.pdf' })).headers.get('location')!
    const dir = path.join(ctx.dataDir, 'uploads')
    const oldOrphan = path.join(dir, `${crypto.randomUUID()}.staged`)
    const youngOrphan = path.join(dir, `${crypto.randomUUID()}.staged`)
    await writeFile(oldOrphan, 'x')
    await writeFile(youngOrphan, 'x')
    const later = new Date(Date.now() + 25 * 3600 * 1000)
    const before = (at: number) => new Date(later.getTime() - at)
    await utimes(oldOrphan, before(2 * 3600 * 1000), before(2 * 3600 * 1000))
    await utimes(youngOrphan, before(10 * 60 * 1000), before(10 * 60 * 1000))
    // Finished uploads of the earlier tests expire too (their rows only remember the document).
    const [{ due }] = (await ctx.owner`select count(*)::int as due from public.uploads where expires_at < ${later}`) as unknown as [{ due: number }]
    expect(due).toBeGreaterThanOrEqual(1)
    ctx.setNow(later)
    try {
      expect(await sweepUploads(ctx.runtime)).toEqual({ expired: due, orphans: 1 })
    } finally {
      ctx.setNow(undefined as unknown as Date)
    }
    const files = await readdir(dir)
    expect(files).toContain(`${keep.split('/').pop()}.staged`)
    expect(files).not.toContain(`${gone.split('/').pop()}.staged`)
    expect(files).toContain(path.basename(youngOrphan))
    expect(files).not.toContain(path.basename(oldOrphan))
    expect((await raw('client_a_member', 'HEAD', gone)).status).toBe(404)
    expect((await raw('client_a_member', 'HEAD', keep)).status).toBe(200)
  })

  it('the quota counts unfinished uploads too, and an account has at most 20 unfinished uploads', async () => {
    await ctx.owner`update public.clients set quota_bytes = (select coalesce(sum(size), 0) from public.document_versions where client_id = ${f.clients.a}) + 5000
                    where id = ${f.clients.a}`
    const opened: string[] = []
    try {
      const first = await create('client_a_member', 3000, { filename: 'a.pdf', category: 'Belege' })
      expect(first.status).toBe(201)
      opened.push(first.headers.get('location')!)
      // Someone else's staged upload counts for the client as well.
      const second = await create('client_a_owner', 3000, { filename: 'b.pdf', category: 'Belege' })
      expect(second.status).toBe(413)
      expect((await second.json()).code).toBe('quota_exceeded')
    } finally {
      await ctx.owner`update public.clients set quota_bytes = null where id = ${f.clients.a}`
    }
    // Earlier tests left unfinished uploads of this person; together at most 20.
    const [{ n: earlier }] = (await ctx.owner`select count(*)::int as n from public.uploads
      where account_id = ${f.people.client_a_member.id} and document_id is null and expires_at > now()`) as unknown as [{ n: number }]
    for (let i = earlier; i < 20; i++) {
      const res = await create('client_a_member', 1000, { filename: `n${i}.pdf`, category: 'Belege' })
      expect(res.status).toBe(201)
      opened.push(res.headers.get('location')!)
    }
    const refused = await create('client_a_member', 1000, { filename: 'zu-viel.pdf', category: 'Belege' })
    expect(refused.status).toBe(429)
    expect((await refused.json()).code).toBe('too_many_uploads')
    for (const url of opened) expect((await raw('client_a_member', 'DELETE', url)).status).toBe(204)
    expect((await create('client_a_member', 1000, { filename: 'wieder.pdf', category: 'Belege' })).status).toBe(201)
  })

  it('a repeated last PATCH never makes a second document: it answers with the same one', async () => {
    const body = pdf(3 * 2 ** 20)
    const created = await create('client_a_member', body.length, { filename: 'Einmal.pdf', category: 'Belege' })
    const url = created.headers.get('location')!
    const patch = (offset: number, part: Buffer) =>
      raw('client_a_member', 'PATCH', url, { 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' }, part)
    expect((await patch(0, body.subarray(0, body.length - 1))).status).toBe(204)
    const before = (await state()).documents
    // The last byte, and right after it an empty PATCH at the end (a client retrying a lost answer).
    const last = patch(body.length - 1, body.subarray(body.length - 1))
    await new Promise((r) => setTimeout(r, 5))
    const again = patch(body.length, Buffer.alloc(0))
    const answers = await Promise.all([last, again])
    const ids = answers.filter((r) => r.status === 204).map((r) => r.headers.get('upload-document-id'))
    expect(ids.length).toBeGreaterThanOrEqual(1)
    expect(new Set(ids).size).toBe(1)
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/)
    // A retry after the end names the same document, too.
    const retry = await patch(body.length, Buffer.alloc(0))
    expect([retry.status, retry.headers.get('upload-document-id')]).toEqual([204, ids[0]])
    expect((await state()).documents).toBe(before + 1)
  })
})
