import { AppError } from '../errors.ts'

/**
 * How many file bodies this process receives from the network at once. Each upload holds a few
 * MiB of buffers while it streams (crypto-worker.ts: batches in flight and a small pool), so
 * without a bound a burst of uploads would grow the process's memory without limit. Uploads
 * beyond the limit wait in arrival order with their bodies unread (TCP holds the sender back
 * meanwhile); one that waits longer than the queue time is answered 503 `uploads_busy`
 * (data.retryAfterSeconds), and nothing of it is stored.
 *
 * One holder (an account, or a guest's address) has at most PER_HOLDER slots at a time: its
 * further uploads wait without blocking anybody else's, so a few slow connections of one person
 * cannot take every slot (receive-file.ts also ends a body that stops sending).
 */
export const PER_HOLDER = 2

type Waiter = { holder: string; grant: () => void; refuse: (err: Error) => void }

export class UploadSlots {
  private active = 0
  private readonly byHolder = new Map<string, number>()
  private readonly queue: Waiter[] = []

  constructor(
    readonly limit: number,
    private readonly waitMs: number,
    private readonly perHolder = PER_HOLDER,
  ) {}

  /** Waits for a slot; resolves with the function that gives it back (call it exactly once). */
  acquire(holder: string, signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason ?? new Error('aborted'))
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        holder,
        grant: () => {
          settle()
          resolve(this.take(holder))
        },
        refuse: (err: Error) => {
          settle()
          reject(err)
        },
      }
      const timer = setTimeout(() => waiter.refuse(busy(this.waitMs)), this.waitMs)
      const onAbort = () => waiter.refuse(signal?.reason instanceof Error ? signal.reason : new Error('aborted'))
      const settle = () => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
        const at = this.queue.indexOf(waiter)
        if (at >= 0) this.queue.splice(at, 1)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.queue.push(waiter)
      this.pump()
    })
  }

  /** Uploads receiving now, and waiting for a slot (for /metrics). */
  get counts(): { receiving: number; waiting: number } {
    return { receiving: this.active, waiting: this.queue.length }
  }

  /** Grants free slots to the longest-waiting uploads whose holder is below its share. */
  private pump() {
    for (let i = 0; i < this.queue.length && this.active < this.limit; ) {
      const waiter = this.queue[i]!
      if ((this.byHolder.get(waiter.holder) ?? 0) < this.perHolder) waiter.grant()
      else i++
    }
  }

  private take(holder: string): () => void {
    this.active++
    this.byHolder.set(holder, (this.byHolder.get(holder) ?? 0) + 1)
    let given = false
    return () => {
      if (given) return
      given = true
      this.active--
      const left = (this.byHolder.get(holder) ?? 1) - 1
      if (left > 0) this.byHolder.set(holder, left)
      else this.byHolder.delete(holder)
      this.pump()
    }
  }
}

const busy = (waitMs: number) =>
  new AppError('uploads_busy', {
    status: 503,
    message: 'The server is receiving many files at the moment; please try again shortly.',
    data: { retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 2000)) },
  })

let shared: UploadSlots | undefined

/** The process's upload slots, made with the first configuration that asks for them. */
export function uploadSlots(config: { MAX_CONCURRENT_UPLOADS: number; UPLOAD_QUEUE_SECONDS: number }): UploadSlots {
  if (!shared || shared.limit !== config.MAX_CONCURRENT_UPLOADS) shared = new UploadSlots(config.MAX_CONCURRENT_UPLOADS, config.UPLOAD_QUEUE_SECONDS * 1000)
  return shared
}

/** The current counts for /metrics (zero before the first upload). */
export function uploadSlotCounts(): { receiving: number; waiting: number } {
  return shared?.counts ?? { receiving: 0, waiting: 0 }
}
