import { describe, expect, it } from 'vitest'
import { AppError } from '../../functions/_shared/errors.ts'
import { UploadSlots } from '../../functions/_shared/upload/slots.ts'

/** The bound on file bodies received at once (upload/slots.ts): order, share per holder, time-out, give-back, abort. */
describe('upload slots', () => {
  it('grants up to the limit at once, then in arrival order as slots are given back', async () => {
    const slots = new UploadSlots(2, 10_000)
    const first = await slots.acquire('anna')
    const second = await slots.acquire('ben')
    const order: string[] = []
    const third = slots.acquire('carla').then((release) => (order.push('third'), release))
    const fourth = slots.acquire('dora').then((release) => (order.push('fourth'), release))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(order).toEqual([])
    expect(slots.counts).toEqual({ receiving: 2, waiting: 2 })
    second()
    const releaseThird = await third
    expect(order).toEqual(['third'])
    first()
    const releaseFourth = await fourth
    expect(order).toEqual(['third', 'fourth'])
    releaseThird()
    releaseFourth()
    expect(slots.counts).toEqual({ receiving: 0, waiting: 0 })
  })

  it('one holder gets at most its share; its further uploads wait without blocking anybody else', async () => {
    const slots = new UploadSlots(4, 10_000, 2)
    const a1 = await slots.acquire('anna')
    const a2 = await slots.acquire('anna')
    let a3Granted = false
    const a3 = slots.acquire('anna').then((release) => ((a3Granted = true), release))
    // Ben arrives after Anna's third upload and is served first: Anna holds her share.
    const b1 = await slots.acquire('ben')
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(a3Granted).toBe(false)
    expect(slots.counts).toEqual({ receiving: 3, waiting: 1 })
    a1()
    const releaseA3 = await a3
    expect(slots.counts).toEqual({ receiving: 3, waiting: 0 })
    for (const release of [a2, releaseA3, b1]) release()
    expect(slots.counts).toEqual({ receiving: 0, waiting: 0 })
  })

  it('a slot given back twice counts once', async () => {
    const slots = new UploadSlots(1, 10_000)
    const release = await slots.acquire('anna')
    release()
    release()
    expect(slots.counts).toEqual({ receiving: 0, waiting: 0 })
    const again = await slots.acquire('ben')
    expect(slots.counts.receiving).toBe(1)
    again()
  })

  it('one that waits longer than the queue time is refused with uploads_busy and leaves the queue', async () => {
    const slots = new UploadSlots(1, 50)
    const release = await slots.acquire('anna')
    const waiting = slots.acquire('ben')
    await expect(waiting).rejects.toSatisfy((err: unknown) => err instanceof AppError && err.code === 'uploads_busy' && err.status === 503)
    expect(slots.counts).toEqual({ receiving: 1, waiting: 0 })
    release()
    const next = await slots.acquire('ben')
    expect(slots.counts.receiving).toBe(1)
    next()
  })

  it('a waiter whose request is aborted leaves the queue without taking a slot', async () => {
    const slots = new UploadSlots(1, 10_000)
    const release = await slots.acquire('anna')
    const controller = new AbortController()
    const waiting = slots.acquire('ben', controller.signal)
    controller.abort(new Error('client gone'))
    await expect(waiting).rejects.toThrow('client gone')
    expect(slots.counts).toEqual({ receiving: 1, waiting: 0 })
    release()
    expect(slots.counts.receiving).toBe(0)
  })
})
