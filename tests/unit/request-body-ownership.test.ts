import { randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { peekBody } from '../../functions/_shared/upload/body.ts'

/**
 * peekBody says a body is owned (its chunks may be freed after use, upload/receive-file.ts) only
 * for Node's request itself, whose every chunk is a buffer of its own; the head it put back must
 * be one too. Web streams (Deno, or a body Hono already wrapped) and other streams are not owned.
 */
type Seen = { owned: boolean; head: number; chunks: number; ownBuffers: number; sharedBuffers: number; bytes: number }
let server: http.Server
let base: string

beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    const { owned, head, stream } = await peekBody(req as unknown as ReadableStream<Uint8Array>, 4100)
    const buffers = new Set<ArrayBufferLike>()
    const seen: Seen = { owned, head: head.length, chunks: 0, ownBuffers: 0, sharedBuffers: 0, bytes: 0 }
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      seen.chunks++
      seen.bytes += chunk.length
      if (chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength) seen.ownBuffers++
      if (buffers.has(chunk.buffer)) seen.sharedBuffers++
      buffers.add(chunk.buffer)
    }
    res.end(JSON.stringify(seen))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

async function post(body: Buffer, chunked: boolean): Promise<Seen> {
  return new Promise((resolve, reject) => {
    const req = http.request(base, { method: 'POST', headers: chunked ? {} : { 'content-length': String(body.length) } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (part: string) => (text += part))
      res.on('end', () => resolve(JSON.parse(text) as Seen))
    })
    req.on('error', reject)
    for (let i = 0; i < body.length; i += 100_000) req.write(body.subarray(i, i + 100_000))
    req.end()
  })
}

describe('request body ownership', () => {
  it.each([false, true])('a Node request body (chunked: %s) is owned and every chunk has a buffer of its own', async (chunked) => {
    const body = randomBytes(3 * 1024 * 1024 + 17)
    const seen = await post(body, chunked)
    expect(seen.owned).toBe(true)
    expect(seen.head).toBe(4100)
    expect(seen.bytes).toBe(body.length)
    expect(seen.chunks).toBeGreaterThan(10)
    expect(seen.ownBuffers).toBe(seen.chunks)
    expect(seen.sharedBuffers).toBe(0)
  })

  it('a web stream and a plain Node stream are not owned', async () => {
    const bytes = randomBytes(10_000)
    const web = new Blob([bytes]).stream() as unknown as ReadableStream<Uint8Array>
    expect((await peekBody(web, 100)).owned).toBe(false)
    const plain = Readable.from([bytes]) as unknown as ReadableStream<Uint8Array>
    expect((await peekBody(plain, 100)).owned).toBe(false)
  })
})
