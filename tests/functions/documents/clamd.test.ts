import { randomBytes } from 'node:crypto'
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { configureLog } from '../../../functions/_shared/log.ts'
import { app } from '../../../functions/documents/app.ts'
import { buildAccessFixture, type AccessFixture, type Person } from '../../helpers/access-fixture.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { EICAR, startFakeClamd, type FakeClamd } from '../../helpers/fake-clamd.ts'
import { ORIGIN } from '../../helpers/http.ts'

/**
 * The virus scan on the upload path (new documents and new versions), through the documents app
 * with the real database and blob store. The scanner is a FAKE clamd on loopback
 * (tests/helpers/fake-clamd.ts), not ClamAV: the real clamd cannot run here because its signature
 * database must be downloaded and this machine is offline. The fake speaks clamd's INSTREAM
 * protocol and reports the EICAR test string as `Eicar-Test-Signature FOUND`, as clamd does.
 * Its StreamMaxLength is set to 1 MiB to test clamd's size-limit answer.
 */

const STREAM_MAX = 1024 * 1024
let ctx: TestContext
let f: AccessFixture
let clamd: FakeClamd
const lines: string[] = []
beforeAll(async () => {
  clamd = await startFakeClamd({ streamMaxLength: STREAM_MAX })
  ctx = await createTestContext({ CLAMD_URL: clamd.url, CLAMD_TIMEOUT_SECONDS: '5' })
  configureLog({ level: 'info', sink: (line) => lines.push(line) })
  f = await buildAccessFixture(ctx)
})
afterAll(async () => {
  configureLog({ level: 'warn', sink: (line) => process.stdout.write(line + '\n') })
  await clamd?.close()
  await ctx?.close()
})

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'), randomBytes(5000), Buffer.from('\n%%EOF\n')])
/** Text around the EICAR string, the string straddling the 64 KiB boundaries of the body's chunks. */
const TEXT_WITH_EICAR = Buffer.concat([Buffer.alloc(65_500, 'a'), EICAR, Buffer.alloc(200_000, 'b')])

async function post(as: Person, pathAndQuery: string, body: BodyInit) {
  const res = await app.request(`${ORIGIN}/functions/v1/documents${pathAndQuery}`, {
    method: 'POST',
    headers: { origin: ORIGIN, cookie: f.cookies[as], 'content-type': 'application/octet-stream' },
    body,
    duplex: 'half',
  } as RequestInit)
  return { status: res.status, json: await res.json() }
}
const upload = (as: Person, filename: string, body: BodyInit) => post(as, `?${new URLSearchParams({ clientId: f.clients.a, filename })}`, body)
const addVersion = (as: Person, itemId: string, filename: string, body: BodyInit) => post(as, `/${itemId}/versions?${new URLSearchParams({ filename })}`, body)

const stored = async () => {
  const [row] = await ctx.owner`select (select count(*)::int from public.items where kind = 'document') as items,
                                       (select count(*)::int from public.document_versions) as versions`
  const blobs = (await readdir(path.join(ctx.dataDir, 'blobs'), { recursive: true, withFileTypes: true }).catch(() => [])).filter((e) => e.isFile()).length
  return { items: row!.items as number, versions: row!.versions as number, blobs }
}

describe('uploads scanned by clamd', () => {
  let cleanId: string

  it('accepts a clean file after clamd saw every byte of it', async () => {
    const before = await stored()
    const up = await upload('clerk_a', 'Vertrag.pdf', PDF)
    expect(up.status, JSON.stringify(up.json)).toBe(201)
    cleanId = up.json.id
    expect(clamd.scans.at(-1)).toMatchObject({ bytes: PDF.length, verdict: 'OK' })
    const after = await stored()
    expect(after).toEqual({ items: before.items + 1, versions: before.versions + 1, blobs: before.blobs + 1 })
  })

  it.each([
    ['the EICAR file', 'eicar.txt', EICAR],
    ['a text with the EICAR string across chunk boundaries', 'Notizen.txt', TEXT_WITH_EICAR],
  ])('refuses %s with malware_found: no rows, no blob, an audit row and a warning without contents', async (_name, filename, body) => {
    const before = await stored()
    lines.length = 0
    const up = await upload('clerk_a', filename, body)
    expect(up.status).toBe(422)
    expect(up.json).toMatchObject({ code: 'malware_found', data: { signature: 'Eicar-Test-Signature' } })
    expect(clamd.scans.at(-1)).toMatchObject({ bytes: body.length, verdict: 'FOUND' })
    expect(await stored()).toEqual(before)
    const [entry] = await ctx.owner`select actor_id, client_id, result, detail from public.audit_log where action = 'document.malware_found' order by id desc limit 1`
    expect(entry).toMatchObject({ actor_id: f.people.clerk_a.id, client_id: f.clients.a, result: 'denied', detail: { signature: 'Eicar-Test-Signature', filename } })
    const warnings = lines.map((line) => JSON.parse(line)).filter((line) => line.level === 'warn')
    expect(warnings).toEqual([expect.objectContaining({ msg: 'upload refused: clamd found malware', signature: 'Eicar-Test-Signature', accountId: f.people.clerk_a.id })])
    expect(lines.join('\n')).not.toContain('EICAR-STANDARD')
    expect(lines.join('\n')).not.toContain(filename)
  })

  it('refuses an infected new version; the document keeps its one clean version', async () => {
    const before = await stored()
    const up = await addVersion('clerk_a', cleanId, 'eicar.txt', EICAR)
    expect(up.status).toBe(422)
    expect(up.json.code).toBe('malware_found')
    expect(await stored()).toEqual(before)
    const versions = await ctx.owner`select version from public.document_versions where item_id = ${cleanId}`
    expect(versions.map((v) => v.version)).toEqual([1])
  })

  it('refuses a file larger than clamd’s StreamMaxLength (it cannot be scanned), storing nothing', async () => {
    const before = await stored()
    const big = Buffer.concat([PDF.subarray(0, 64), randomBytes(STREAM_MAX + 100_000)])
    const up = await upload('clerk_a', 'Gross.pdf', big)
    expect(up.status).toBe(413)
    expect(up.json).toMatchObject({ code: 'payload_too_large', data: { reason: 'scan_limit' } })
    expect(clamd.scans.at(-1)).toMatchObject({ verdict: 'LIMIT' })
    expect(await stored()).toEqual(before)
  })

  it('refuses uploads with scan_unavailable while clamd is down (fail closed), storing nothing', async () => {
    await clamd.close()
    const before = await stored()
    const up = await upload('clerk_a', 'Vertrag.pdf', PDF)
    expect(up.status).toBe(503)
    expect(up.json.code).toBe('scan_unavailable')
    const version = await addVersion('clerk_a', cleanId, 'Vertrag.pdf', PDF)
    expect(version.status).toBe(503)
    expect(version.json.code).toBe('scan_unavailable')
    expect(await stored()).toEqual(before)
  })
})
