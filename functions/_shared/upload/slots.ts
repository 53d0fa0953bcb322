import { AppError } from '../errors.ts'

/**
 * How many file bodies this process receives at once. Each upload holds a few MiB of buffers
 * while it streams (crypto-worker.ts: batches in flight and a small pool), so without a bound a
 * burst of uploads — or one account opening many — would grow the process's memory without
 * limit. Uploads beyond the limit wait in arrival order with their bodies unread (TCP holds the
 * sender back meanwhile); one that waits longer than the queue time is answered 503
 * `uploads_busy` (data.retryAfterSeconds), and nothing of it is stored.
 */
export class UploadSlots {
  private active = 0
  private readonly queue: { grant: () => void; refuse: (err: Error) => void }[] = []

  constructor(
    readonly limit: number,
    private readonly waitMs: number,
  ) {}

  /** Waits for a slot; resolves with the function that gives it back (call it exactly once). */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason ?? new Error('aborted'))
    if (this.active < this.limit && this.queue.length === 0) return Promise.resolve(this.take())
    return new Promise((resolve, reject) => {
      const entry = {
        grant: () => {
          settle()
          resolve(this.take())
        },
        refuse: (err: Error) => {
          settle()
          reject(err)
        },
      }
      const timer = setTimeout(() => entry.refuse(busy(this.waitMs)), this.waitMs)
      const onAbort = () => entry.refuse(signal?.reason instanceof Error ? signal.reason : new Error('aborted'))
      const settle = () => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
        const at = this.queue.indexOf(entry)
        if (at >= 0) this.queue.splice(at, 1)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.queue.push(entry)
    })
  }

  /** Uploads receiving now, and waiting for a slot (for /metrics). */
  get counts(): { receiving: number; waiting: number } {
    return { receiving: this.active, waiting: this.queue.length }
  }

  private take(): () => void {
    this.active++
    let given = false
    return () => {
      if (given) return
      given = true
      this.active--
      this.queue[0]?.grant()
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
export function uploadSlotCounts(): { receiving: number; waiting: number; limit: number } {
  return { ...(shared?.counts ?? { receiving: 0, waiting: 0 }), limit: shared?.limit ?? 0 }
}
