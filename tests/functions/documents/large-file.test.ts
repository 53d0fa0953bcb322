import type { ServerType } from '@hono/node-server'
import { createCipheriv, createHash } from 'node:crypto'
import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { listenOnLoopback } from '../../helpers/loopback-server.ts'
import { createPersona, signInAs } from '../../helpers/personas.ts'

/**
 * A large document over a real socket: a staff member uploads 200 MiB as a chunked request body
 * (no Content-Length, as a streaming client or a reverse proxy without request buffering sends
 * it), downloads it again and gets the same bytes, while the process's memory stays flat.
 *
 * The gateway runs in this process, so the RSS measured covers client and server together
 * (conservative). After a 16 MiB warm-up round trip (one-time growth: code compiled on first
 * use, the heap's and the allocator's first expansion), RSS is sampled every 20 ms from just
 * before the upload until the download has ended; the peak may exceed the value before the
 * upload by less than 64 MiB. A transfer that overshoots is aborted at once, so a server that
 * buffers the body fails the test in seconds instead of filling the memory.
 */
const SIZE = 200 * 2 ** 20
const WARMUP_SIZE = 16 * 2 ** 20
const RSS_GROWTH_LIMIT = 64 * 2 ** 20
const SAMPLE_MS = 20
const MiB = (bytes: number) => (bytes / 2 ** 20).toFixed(1)

// A fixed pseudo-random 1 MiB block (AES-CTR keystream of a constant key), starting with a PDF
// header so the magic-byte check accepts it; the file is this block repeated.
const BLOCK = createCipheriv('aes-256-ctr', Buffer.alloc(32, 7), Buffer.alloc(16)).update(Buffer.alloc(2 ** 20))
Buffer.from('%PDF-1.7\n').copy(BLOCK, 0)

let ctx: TestContext
let server: ServerType
let base: string
let cookie: string
let clientId: string
beforeAll(async () => {
  ctx = await createTestContext()
  const clerk = await createPersona(ctx, 'clerk_large', { kind: 'staff' })
  cookie = await signInAs(ctx, clerk)
  const [client] = await ctx.owner`insert into public.clients (name, created_by) values ('Großakte GmbH', ${clerk.id}) returning id`
  clientId = client!.id as string
  await ctx.owner`insert into public.client_staff (client_id, account_id) values (${clientId}, ${clerk.id})`

  ;({ server, base } = await listenOnLoopback())
})
afterAll(async () => {
  await new Promise((r) => server?.close(r))
  await ctx?.close()
})

/** Samples this process's RSS; calls onExceed once when it grows past the limit. */
function watchMemory(onExceed: (growth: number) => void) {
  const before = process.memoryUsage.rss()
  let peak = before
  let exceeded = false
  const sample = () => {
    const rss = process.memoryUsage.rss()
    if (rss > peak) peak = rss
    if (!exceeded && rss - before >= RSS_GROWTH_LIMIT) {
      exceeded = true
      onExceed(rss - before)
    }
  }
  const timer = setInterval(sample, SAMPLE_MS)
  return {
    before,
    stop() {
      clearInterval(timer)
      sample()
      return peak - before
    },
  }
}

/** POSTs `size` bytes of the generated file, chunked, respecting backpressure; hashes what it sent. */
function upload(size: number, signal: AbortSignal): Promise<{ status: number; json: any; sent: number; sha256: string }> {
  const params = new URLSearchParams({ clientId, filename: 'Großakte.pdf' })
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256')
    let sent = 0
    const req = http.request(`${base}/functions/v1/documents?${params}`, {
      method: 'POST',
      headers: { origin: base, cookie, 'content-type': 'application/octet-stream' },
      signal,
    })
    req.once('error', (err) => reject(signal.aborted ? new Error(`upload aborted after ${MiB(sent)} MiB: ${signal.reason}`) : err))
    req.once('response', (res) => {
      const parts: Buffer[] = []
      res.on('data', (part: Buffer) => parts.push(part))
      res.once('error', reject)
      res.once('end', () => {
        // An early answer (e.g. a refusal): stop sending the rest.
        if (!req.writableFinished) req.destroy()
        const text = Buffer.concat(parts).toString()
        let json: unknown
        try {
          json = JSON.parse(text)
        } catch {
          json = text
        }
        resolve({ status: res.statusCode!, json, sent, sha256: hash.digest('hex') })
      })
    })
    const pump = () => {
      while (sent < size && !req.destroyed) {
        const part = size - sent >= BLOCK.length ? BLOCK : BLOCK.subarray(0, size - sent)
        hash.update(part)
        sent += part.length
        if (!req.write(part)) return void req.once('drain', pump)
      }
      if (!req.destroyed) req.end()
    }
    pump()
  })
}

/** GETs the file and hashes it on the fly (nothing is kept). */
function download(id: string, signal: AbortSignal): Promise<{ status: number; size: number; sha256: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}/functions/v1/documents/${id}/file`, { headers: { cookie }, signal }, (res) => {
      const hash = createHash('sha256')
      let size = 0
      res.on('data', (part: Buffer) => {
        hash.update(part)
        size += part.length
      })
      res.once('error', reject)
      res.once('end', () => (res.complete ? resolve({ status: res.statusCode!, size, sha256: hash.digest('hex') }) : reject(new Error(`download ended early after ${MiB(size)} MiB`))))
    })
    req.once('error', (err) => reject(signal.aborted ? new Error(`download aborted: ${signal.reason}`) : err))
  })
}

describe('a large document over HTTP', () => {
  it(`uploads ${MiB(SIZE)} MiB chunked and downloads it byte for byte, with RSS growing by less than ${MiB(RSS_GROWTH_LIMIT)} MiB`, async () => {
    // A small round trip first: one-time costs are not growth with the file's size.
    const warmup = await upload(WARMUP_SIZE, new AbortController().signal)
    expect(warmup.status, JSON.stringify(warmup.json)).toBe(201)
    expect((await download(warmup.json.id, new AbortController().signal)).sha256).toBe(warmup.sha256)
    ;(globalThis as { gc?: () => void }).gc?.()
    const abort = new AbortController()
    const memory = watchMemory((growth) => abort.abort(`RSS grew by ${MiB(growth)} MiB (limit ${MiB(RSS_GROWTH_LIMIT)} MiB)`))
    const started = performance.now()
    let growth: number
    let up: Awaited<ReturnType<typeof upload>>
    let down: Awaited<ReturnType<typeof download>>
    let uploadSeconds: number
    try {
      up = await upload(SIZE, abort.signal)
      uploadSeconds = (performance.now() - started) / 1000
      expect(up.status, JSON.stringify(up.json)).toBe(201)
      down = await download(up.json.id, abort.signal)
    } finally {
      growth = memory.stop()
    }
    const seconds = (performance.now() - started) / 1000
    console.info(
      `large file: ${MiB(SIZE)} MiB up in ${uploadSeconds.toFixed(1)} s, down in ${(seconds - uploadSeconds).toFixed(1)} s; ` +
        `RSS ${MiB(memory.before)} MiB before, peak growth ${MiB(growth)} MiB`,
    )
    expect(up.sent).toBe(SIZE)
    expect(up.json).toMatchObject({ size: SIZE, mediaType: 'application/pdf', sha256: up.sha256 })
    expect(down).toEqual({ status: 200, size: SIZE, sha256: up.sha256 })
    expect(growth, `RSS grew by ${MiB(growth)} MiB`).toBeLessThan(RSS_GROWTH_LIMIT)
  }, 40_000)
})
