import { randomBytes } from 'node:crypto'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../../functions/documents/app.ts'
import { buildAccessFixture, type AccessFixture, type Person } from '../../helpers/access-fixture.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { ORIGIN } from '../../helpers/http.ts'

let ctx: TestContext
let f: AccessFixture
beforeAll(async () => {
  ctx = await createTestContext({ MAX_UPLOAD_BYTES: String(256 * 1024) })
  f = await buildAccessFixture(ctx)
})
afterAll(() => ctx.close())

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'), randomBytes(5000), Buffer.from('\n%%EOF\n')])
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), randomBytes(200)])

async function upload(as: Person, filename: string, body: BodyInit, query: Record<string, string> = {}, headers: Record<string, string> = {}) {
  const params = new URLSearchParams({ clientId: f.clients.a, filename, category: 'Belege', ...query })
  const res = await app.request(`${ORIGIN}/functions/v1/documents?${params}`, {
    method: 'POST',
    headers: { origin: ORIGIN, cookie: f.cookies[as], 'content-type': 'application/octet-stream', ...headers },
    body,
    duplex: 'half',
  } as RequestInit)
  return { status: res.status, json: await res.json() }
}
const download = (as: Person, id: string, headers: Record<string, string> = {}) =>
  app.request(`${ORIGIN}/functions/v1/documents/${id}/file`, { headers: { cookie: f.cookies[as], ...headers } })
const counts = async () => {
  const [row] = await ctx.owner`select (select count(*)::int from public.items where kind = 'document') as items, (select count(*)::int from public.document_versions) as versions`
  const blobs = (await readdir(path.join(ctx.dataDir, 'blobs'), { recursive: true, withFileTypes: true }).catch(() => [])).filter((e) => e.isFile()).length
  return { ...row, blobs }
}

describe('uploading and downloading documents', () => {
  it('a client member uploads a PDF; it is stored encrypted and comes back byte for byte with safe headers', async () => {
    const up = await upload('client_a_member', 'Vertrag.pdf', PDF)
    expect(up.status).toBe(201)
    expect(up.json).toMatchObject({ filename: 'Vertrag.pdf', size: PDF.length, mediaType: 'application/pdf' })
    const [version] = await ctx.owner`select blob_name from public.document_versions where item_id = ${up.json.id}`
    const stored = await readFile(path.join(ctx.dataDir, 'blobs', String(version!.blob_name).slice(0, 2), String(version!.blob_name)))
    expect(stored.includes(PDF.subarray(0, 40))).toBe(false)
    const res = await download('clerk_a', up.json.id)
    expect(res.status).toBe(200)
    expect(Buffer.from(await res.arrayBuffer()).equals(PDF)).toBe(true)
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="Vertrag.pdf"; filename*=UTF-8''Vertrag.pdf`)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-security-policy')).toMatch(/^sandbox/)
  })

  it('serves byte ranges', async () => {
    const up = await upload('clerk_a', 'Anlage.pdf', PDF)
    const res = await download('client_a_owner', up.json.id, { range: 'bytes=100-4099' })
    expect(res.status).toBe(206)
    expect(res.headers.get('content-range')).toBe(`bytes 100-4099/${PDF.length}`)
    expect(Buffer.from(await res.arrayBuffer()).equals(PDF.subarray(100, 4100))).toBe(true)
    expect((await download('client_a_owner', up.json.id, { range: `bytes=${PDF.length + 5}-` })).status).toBe(416)
  })

  it('takes a 0-byte file', async () => {
    const up = await upload('client_a_member', 'leer.txt', new Uint8Array(0))
    expect(up.json).toMatchObject({ size: 0, mediaType: 'text/plain' })
    const res = await download('client_a_member', up.json.id)
    expect((await res.arrayBuffer()).byteLength).toBe(0)
  })

  it.each([
    ['Übersicht 😀 März.pdf', 'Übersicht 😀 März.pdf'],
    ['../../etc/passwd.pdf', 'passwd.pdf'],
    ['Rechnung\r\nX-Evil: 1.pdf', 'RechnungX-Evil: 1.pdf'],
    ['Vertrag\u202Efdp.exe.pdf', 'Vertragfdp.exe.pdf'],
  ])('cleans the name %j to %j and sends it back per RFC 6266', async (raw, clean) => {
    const up = await upload('clerk_a', raw, PDF)
    expect(up.json.filename).toBe(clean)
    const res = await download('clerk_a', up.json.id)
    const disposition = res.headers.get('content-disposition')!
    expect(disposition).not.toMatch(/[\r\n]/)
    expect(decodeURIComponent(disposition.split("filename*=UTF-8''")[1]!)).toBe(clean)
  })

  it.each([
    ['a PNG named .pdf', 'scan.pdf', PNG, 415, 'type_mismatch'],
    ['a PDF named .txt', 'notiz.txt', PDF, 415, 'type_mismatch'],
    ['an .exe', 'setup.exe', Buffer.from('MZ'), 415, 'type_not_allowed'],
  ])('refuses %s and stores nothing', async (_name, filename, body, status, code) => {
    const before = await counts()
    const up = await upload('clerk_a', filename, body)
    expect(up).toMatchObject({ status, json: { code } })
    expect(await counts()).toEqual(before)
  })

  it('refuses a chunked body over the limit (413) and stores nothing', async () => {
    const before = await counts()
    let sent = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(PDF)
        else if (sent < 100) controller.enqueue(randomBytes(16 * 1024))
        else controller.close()
        sent++
      },
    })
    const up = await upload('clerk_a', 'gross.pdf', stream, {}, { 'transfer-encoding': 'chunked' })
    expect(up).toMatchObject({ status: 413, json: { code: 'payload_too_large' } })
    expect(await counts()).toEqual(before)
  })

  it('refuses an upload the person may not make before reading the body, and stores nothing', async () => {
    const before = await counts()
    expect((await upload('client_a_viewer', 'x.pdf', PDF)).status).toBe(404)
    expect((await upload('tax_adviser', 'x.pdf', PDF)).status).toBe(404)
    expect((await upload('client_b_owner', 'x.pdf', PDF)).status).toBe(404)
    expect(await counts()).toEqual(before)
  })

  it('answers 404 to people outside the audience', async () => {
    const up = await upload('clerk_a', 'Intern.pdf', PDF, { audience: 'internal' })
    for (const p of ['client_a_owner', 'client_b_owner', 'tax_adviser', 'outsider'] as const) expect((await download(p, up.json.id)).status).toBe(404)
  })

  it('refuses a corrupted body, records it in the audit trail and never sends plaintext garbage', async () => {
    const up = await upload('clerk_a', 'Beschädigt.pdf', PDF)
    const [version] = await ctx.owner`select blob_name from public.document_versions where item_id = ${up.json.id}`
    const file = path.join(ctx.dataDir, 'blobs', String(version!.blob_name).slice(0, 2), String(version!.blob_name))
    const bytes = await readFile(file)
    bytes[200] ^= 0xff
    await writeFile(file, bytes)
    const res = await download('clerk_a', up.json.id)
    await expect(res.arrayBuffer()).rejects.toThrow()
    await new Promise((r) => setTimeout(r, 200))
    const audit = await ctx.owner`select result from public.audit_log where action = 'document.corrupt' and object_id = ${up.json.id}`
    expect(audit).toEqual([{ result: 'failed' }])
  })
})

describe('proof of receipt', () => {
  it('staff see who has and who has not opened a document; the recipient confirms', async () => {
    const up = await upload('clerk_a', 'Bescheid.pdf', PDF, { audience: 'people', recipients: `${f.people.client_a_owner.id},${f.people.client_a_member.id}`, requiresConfirmation: 'true' })
    expect(up.status).toBe(201)
    await (await download('client_a_owner', up.json.id)).arrayBuffer()
    const call = (as: Person, method: string, p: string, body?: unknown) =>
      app.request(`${ORIGIN}/functions/v1/documents/${up.json.id}${p}`, {
        method,
        headers: { origin: ORIGIN, cookie: f.cookies[as], 'content-type': 'application/json' },
        body: body ? JSON.stringify(body) : undefined,
      })
    expect((await call('client_a_owner', 'POST', '/confirm', {})).status).toBe(200)
    const receipts = await (await call('clerk_a', 'GET', '/receipts')).json()
    const byName = Object.fromEntries(receipts.receipts.map((r: { displayName: string }) => [r.displayName, r]))
    expect(byName.client_a_owner.firstDownloadedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/)
    expect(byName.client_a_owner.confirmedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/)
    expect(byName.client_a_member).toMatchObject({ firstViewedAt: null, firstDownloadedAt: null, confirmedAt: null })
    // The member sees only their own (empty) receipt; the viewer cannot see the document at all.
    const own = (await (await call('client_a_member', 'GET', '/receipts')).json()).receipts
    expect(own.map((r: { accountId: string }) => r.accountId)).toEqual([f.people.client_a_member.id])
    expect((await call('client_a_viewer', 'GET', '/receipts')).status).toBe(404)
  })
})
