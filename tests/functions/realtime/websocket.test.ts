import type { ServerType } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { listenOnLoopback } from '../../helpers/loopback-server.ts'
import { createPersona, signInAs } from '../../helpers/personas.ts'

/** The WebSocket endpoint over a real socket: same origin, a live session, the second-factor rule. */
let ctx: TestContext
let server: ServerType
let base: string
beforeAll(async () => {
  ctx = await createTestContext()
  ;({ server, host: base } = await listenOnLoopback())
})
afterAll(async () => {
  await new Promise((r) => server.close(r))
  await ctx.close()
})

/** Opens the socket; resolves with the first message, or with the HTTP status of a refused handshake. */
function open(headers: Record<string, string>): Promise<{ message?: string; status?: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${base}/functions/v1/realtime`, { headers })
    ws.once('message', (data) => {
      ws.send('ping')
      ws.once('message', (pong) => {
        ws.close()
        resolve({ message: `${data} ${pong}` })
      })
    })
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode }))
    ws.once('error', reject)
  })
}

describe('the realtime WebSocket', () => {
  it('greets a signed-in person from the portal’s own origin and answers ping', async () => {
    const anna = await createPersona(ctx, 'anna_ws')
    const cookie = (await signInAs(ctx, anna))
    const res = await open({ origin: `http://${base}`, cookie })
    expect(res.message).toBe(`${JSON.stringify({ type: 'hello', accountId: anna.id })} pong`)
  })

  it('refuses a handshake without a session, from another origin, or after the second-factor deadline', async () => {
    const bernd = await createPersona(ctx, 'bernd_ws', { graceHours: -1 })
    const late = (await signInAs(ctx, bernd, 'aal1'))
    const carla = await createPersona(ctx, 'carla_ws')
    const ok = (await signInAs(ctx, carla))
    expect(await open({ origin: `http://${base}` })).toEqual({ status: 401 })
    expect(await open({ origin: 'https://evil.example', cookie: ok })).toEqual({ status: 403 })
    expect(await open({ origin: `http://${base}`, cookie: late })).toEqual({ status: 403 })
  })
})
