import { describe, expect, it } from 'vitest'
import { AppError } from '../../functions/_shared/errors.ts'
import { UploadSlots } from '../../functions/_shared/upload/slots.ts'

/** The bound on file bodies received at once (upload/slots.ts): order, time-out, give-back, abort. */
describe('upload slots', () => {
  it('grants up to the limit at once, then in arrival order as slots are given back', async () => {
    const slots = new UploadSlots(2, 10_000)
    const first = await slots.acquire()
    const second = await slots.acquire()
    const order: string[] = []
    const third = slots.acquire().then((release) => (order.push('third'), release))
    const fourth = slots.acquire().then((release) => (order.push('fourth'), release))
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

  it('a slot given back twice counts once', async () => {
    const slots = new UploadSlots(1, 10_000)
    const release = await slots.acquire()
    release()
    release()
    expect(slots.counts).toEqual({ receiving: 0, waiting: 0 })
    const again = await slots.acquire()
    expect(slots.counts.receiving).toBe(1)
    again()
  })

  it('one that waits longer than the queue time is refused with uploads_busy and leaves the queue', async () => {
    const slots = new UploadSlots(1, 50)
    const release = await slots.acquire()
    const waiting = slots.acquire()
    await expect(waiting).rejects.toSatisfy((err: unknown) => err instanceof AppError && err.code === 'uploads_busy' && err.status === 503)
    expect(slots.counts).toEqual({ receiving: 1, waiting: 0 })
    release()
    const next = await slots.acquire()
    expect(slots.counts.receiving).toBe(1)
    next()
  })

  it('a waiter whose request is aborted leaves the queue without taking a slot', async () => {
    const slots = new UploadSlots(1, 10_000)
    const release = await slots.acquire()
    const controller = new AbortController()
    const waiting = slots.acquire(controller.signal)
    controller.abort(new Error('client gone'))
    await expect(waiting).rejects.toThrow('client gone')
    expect(slots.counts).toEqual({ receiving: 1, waiting: 0 })
    release()
    expect(slots.counts.receiving).toBe(0)
  })
})
