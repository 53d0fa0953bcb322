import { serve, type ServerType } from '@hono/node-server'
import { Hono } from 'hono'
import { createHash, randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lend } from '../../functions/_shared/blob/lent-chunks.ts'
import { toWebStream } from '../../functions/_shared/upload/body.ts'

/**
 * File responses under Node write straight to the ServerResponse once the adapter wrote the head
 * (upload/body.ts): the body must arrive complete and in order with the head the route set, every
 * lent chunk must be given back only after it was written, a source that fails midway must abort
 * the connection (never look complete), and a client that goes away must end the source.
 */
const CHUNK = 256 * 1024
let server: ServerType
let base: string
let current: { source: Readable; given: number; lent: number } | undefined

function source(chunks: Buffer[], failAt?: number): Readable {
  let i = 0
  const state = { given: 0, lent: 0 }
  const stream = new Readable({
    read() {
      if (failAt !== undefined && i === failAt) return void this.destroy(new Error('damaged'))
      const chunk = chunks[i++]
      if (!chunk) return void this.push(null)
      state.lent++
      // A copy per chunk, lent: given back means the response has written it.
      this.push(lend(Buffer.from(chunk), () => state.given++))
    },
  })
  current = Object.assign(state, { source: stream })
  return stream
}

const parts = Array.from({ length: 24 }, () => randomBytes(CHUNK))
const whole = Buffer.concat(parts)

beforeAll(async () => {
  const app = new Hono<{ Bindings: { outgoing: http.ServerResponse } }>()
  app.get('/file', (c) => {
    c.header('Content-Length', String(whole.length))
    c.header('X-Test', 'kept')
    return c.body(toWebStream(source(parts), c.env.outgoing))
  })
  // 100 MiB: more than the socket buffers of a loopback connection take in at once.
  app.get('/long', (c) => {
    c.header('Content-Length', String(400 * CHUNK))
    return c.body(toWebStream(source(Array.from({ length: 400 }, (_, i) => parts[i % parts.length]!)), c.env.outgoing))
  })
  app.get('/broken', (c) => {
    c.header('Content-Length', String(whole.length))
    return c.body(toWebStream(source(parts, 8), c.env.outgoing))
  })
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((resolve) => server.once('listening', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise((resolve) => server.close(resolve)))

/** GETs path; slowly if asked (the socket backs up, so backpressure is exercised). */
function get(path: string, options: { slow?: boolean; abortAfter?: number } = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer; complete: boolean; error?: Error }>((resolve) => {
    const req = http.get(`${base}${path}`, (res) => {
      const got: Buffer[] = []
      let bytes = 0
      res.on('data', (chunk: Buffer) => {
        got.push(chunk)
        bytes += chunk.length
        if (options.abortAfter !== undefined && bytes >= options.abortAfter) req.destroy()
        if (options.slow) {
          res.pause()
          setTimeout(() => res.resume(), 1)
        }
      })
      const done = (error?: Error) => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(got), complete: res.complete, error })
      res.once('end', () => done())
      res.once('error', done)
      res.once('close', () => done())
    })
    req.once('error', (error) => resolve({ status: 0, headers: {}, body: Buffer.alloc(0), complete: false, error }))
  })
}

describe('file responses written directly to the Node response', () => {
  it('sends the whole body with the head the route set and gives every chunk back after writing it', async () => {
    for (const slow of [false, true]) {
      const res = await get('/file', { slow })
      expect(res.status).toBe(200)
      expect(res.headers['x-test']).toBe('kept')
      expect(res.complete).toBe(true)
      expect(createHash('sha256').update(res.body).digest('hex')).toBe(createHash('sha256').update(whole).digest('hex'))
      expect(current!.lent).toBe(parts.length)
      expect(current!.given).toBe(parts.length)
    }
  })

  it('aborts the connection when the source fails midway (the body never looks complete)', async () => {
    const res = await get('/broken')
    expect(res.complete).toBe(false)
    expect(res.body.length).toBeLessThan(whole.length)
  })

  it('ends the source when the client goes away', async () => {
    const res = await get('/long', { slow: true, abortAfter: 2 * CHUNK })
    expect(res.complete).toBe(false)
    const { source: stream } = current!
    await new Promise<void>((resolve) => (stream.destroyed ? resolve() : stream.once('close', () => resolve())))
    expect(stream.destroyed).toBe(true)
    expect(stream.readableEnded).toBe(false)
  })
})
