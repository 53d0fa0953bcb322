import type { ServerType } from '@hono/node-server'
import { readdir } from 'node:fs/promises'
import http from 'node:http'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { listenOnLoopback } from '../../helpers/loopback-server.ts'
import { createPersona, signInAs } from '../../helpers/personas.ts'

/**
 * The process receives at most MAX_CONCURRENT_UPLOADS file bodies at once (upload/slots.ts). Here
 * the limit is 1, the queue time 1 s and the idle time 3 s, over a real socket: while a staff
 * member's upload is still streaming, a second upload waits, unread, and is refused after the
 * queue time with 503 uploads_busy — no document row, no blob; once the first has finished, the
 * second goes through, and one that waits while a slot frees up in time is received. A body that
 * stops sending is ended after the idle time and frees its slot; a resumable upload's last PATCH
 * (bytes already staged on disk) takes no slot, so a full queue never loses it.
 */
let ctx: TestContext
let server: ServerType
let base: string
let cookie: string
let clientId: string
const pdf = (text: string) => Buffer.from(`%PDF-1.7\n% ${text}\n${'x'.repeat(5000)}`)

beforeAll(async () => {
  ctx = await createTestContext({ MAX_CONCURRENT_UPLOADS: '1', UPLOAD_QUEUE_SECONDS: '1', UPLOAD_IDLE_SECONDS: '3' })
  const clerk = await createPersona(ctx, 'clerk_slots', { kind: 'staff' })
  cookie = await signInAs(ctx, clerk)
  const [client] = await ctx.owner`insert into public.clients (name, created_by) values ('Warteschlange KG', ${clerk.id}) returning id`
  clientId = client!.id as string
  await ctx.owner`insert into public.client_staff (client_id, account_id) values (${clientId}, ${clerk.id})`
  ;({ server, base } = await listenOnLoopback())
})
afterAll(async () => {
  await new Promise((r) => server?.close(r))
  await ctx?.close()
})

/** An upload whose body is sent in two parts: the first now, the rest when finish() is called. */
function slowUpload(filename: string, body: Buffer) {
  const params = new URLSearchParams({ clientId, filename })
  const req = http.request(`${base}/functions/v1/documents?${params}`, { method: 'POST', headers: { origin: base, cookie, 'content-type': 'application/octet-stream' } })
  const answer = new Promise<{ status: number; json: any }>((resolve, reject) => {
    req.once('error', reject)
    req.once('response', (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (part: string) => (text += part))
      res.once('end', () => resolve({ status: res.statusCode!, json: JSON.parse(text) }))
    })
  })
  req.on('error', () => {})
  req.write(body.subarray(0, 4200))
  return { answer, finish: () => req.end(body.subarray(4200)) }
}

const quickUpload = async (filename: string, body: Buffer) => {
  const res = await fetch(`${base}/functions/v1/documents?${new URLSearchParams({ clientId, filename })}`, {
    method: 'POST',
    headers: { origin: base, cookie, 'content-type': 'application/octet-stream' },
    body: new Uint8Array(body),
  })
  return { status: res.status, json: (await res.json()) as any }
}

const titles = async () => (await ctx.owner`select title from public.items where client_id = ${clientId} order by title`).map((r) => r.title as string)
const blobCount = async () => {
  const root = path.join(ctx.dataDir, 'blobs')
  const entries = await readdir(root, { recursive: true }).catch(() => [] as string[])
  return entries.filter((name) => /[0-9a-f-]{36}$/.test(String(name))).length
}

describe('upload slots over a real socket (limit 1, queue 1 s)', () => {
  it('a second upload while the first streams is refused after the queue time, storing nothing; afterwards it goes through', async () => {
    const blobsBefore = await blobCount()
    const first = slowUpload('erste.pdf', pdf('erste'))
    // The first body is being received (its slot taken) before the second arrives.
    await new Promise((resolve) => setTimeout(resolve, 200))
    const started = Date.now()
    const refused = await quickUpload('zweite.pdf', pdf('zweite'))
    expect(refused.status).toBe(503)
    expect(refused.json.code).toBe('uploads_busy')
    expect(refused.json.data.retryAfterSeconds).toBeGreaterThanOrEqual(1)
    expect(Date.now() - started).toBeGreaterThanOrEqual(900)
    expect(await titles()).toEqual([])

    first.finish()
    const done = await first.answer
    expect(done.status).toBe(201)
    expect(await titles()).toEqual(['erste.pdf'])
    const second = await quickUpload('zweite.pdf', pdf('zweite'))
    expect(second.status).toBe(201)
    expect(await titles()).toEqual(['erste.pdf', 'zweite.pdf'])
    expect(await blobCount()).toBe(blobsBefore + 2)
  })

  it('an upload that waits while the slot frees up within the queue time is received', async () => {
    const first = slowUpload('dritte.pdf', pdf('dritte'))
    await new Promise((resolve) => setTimeout(resolve, 200))
    const waiting = quickUpload('vierte.pdf', pdf('vierte'))
    await new Promise((resolve) => setTimeout(resolve, 300))
    first.finish()
    expect((await first.answer).status).toBe(201)
    const second = await waiting
    expect(second.status).toBe(201)
    expect(await titles()).toEqual(['dritte.pdf', 'erste.pdf', 'vierte.pdf', 'zweite.pdf'])
  })

  it('a body that stops sending is ended after the idle time: its slot is free again and nothing of it is stored', async () => {
    const blobsBefore = await blobCount()
    const stalled = slowUpload('stockt.pdf', pdf('stockt'))
    const outcome = stalled.answer.then((a) => a.status, (err: Error) => err.message)
    await new Promise((resolve) => setTimeout(resolve, 3600))
    // Ended by the server: no 201 ever comes (the socket is closed; a late answer would be 408).
    expect(await outcome).not.toBe(201)
    const next = await quickUpload('danach.pdf', pdf('danach'))
    expect(next.status).toBe(201)
    expect(await titles()).not.toContain('stockt.pdf')
    expect(await blobCount()).toBe(blobsBefore + 1)
  })

  it('a resumable upload finishes while the only slot is taken: its last PATCH reads the staged bytes and takes no slot', async () => {
    const holder = slowUpload('hält.pdf', pdf('hält'))
    await new Promise((resolve) => setTimeout(resolve, 200))
    const body = pdf('fortsetzbar')
    const metadata = Object.entries({ clientId, filename: 'fortsetzbar.pdf' }).map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`).join(',')
    const tus = { origin: base, cookie, 'tus-resumable': '1.0.0' }
    const created = await fetch(`${base}/functions/v1/documents/uploads`, { method: 'POST', headers: { ...tus, 'upload-length': String(body.length), 'upload-metadata': metadata } })
    expect(created.status).toBe(201)
    const patched = await fetch(created.headers.get('location')!.startsWith('http') ? created.headers.get('location')! : `${base}${created.headers.get('location')}`, {
      method: 'PATCH',
      headers: { ...tus, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      body: new Uint8Array(body),
    })
    expect(patched.status).toBe(204)
    expect(patched.headers.get('upload-document-id')).toMatch(/^[0-9a-f-]{36}$/)
    expect(await titles()).toContain('fortsetzbar.pdf')
    holder.finish()
    expect((await holder.answer).status).toBe(201)
  })
})
