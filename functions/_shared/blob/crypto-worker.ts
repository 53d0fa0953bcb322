import { Transform, type TransformCallback } from 'node:stream'
import { Worker } from 'node:worker_threads'
import { CHUNK, TAG } from './chunk-cipher.ts'
import { log } from '../log.ts'

/**
 * The SHA-256 and AES-256-GCM work of whole-file uploads and downloads on a second thread, so the
 * event loop only moves bytes (socket, disk) and the two halves of the work run on two cores.
 * Same format as chunk-cipher.ts (KMP1: 64 KiB chunks, nonce prefix ‖ index, AAD index ‖ last);
 * the unit tests check that both implementations read each other's blobs.
 *
 * The event loop copies the incoming bytes into batches of 16 chunks (a reused 1 MiB buffer,
 * handed over without a copy and handed back) and posts them to the worker; the worker hashes and
 * seals (or opens and hashes) them and hands the results over without a copy. At most a few
 * batches are in flight, so memory stays at a few MiB per transfer whatever the file size.
 *
 * One worker for the process, started on first use (plain JavaScript: no TypeScript loader in
 * it, which keeps its memory small) and not keeping the process alive. Where no worker can be
 * started, `cryptoWorker()` answers undefined and the callers do the work on the event loop.
 */

const SEALED = CHUNK + TAG
/** Chunks per batch: 1 MiB of plaintext, or 16 sealed chunks. */
const BATCH_CHUNKS = 16
/** Batches posted and not yet answered, per transfer. */
const IN_FLIGHT = 3

/** Runs in the worker (CommonJS, evaluated from this string). */
const WORKER_SOURCE = `
'use strict'
const { parentPort } = require('node:worker_threads')
const { createHash, createCipheriv, createDecipheriv } = require('node:crypto')
const CHUNK = ${CHUNK}, TAG = ${TAG}, SEALED = ${SEALED}
const jobs = new Map()
const nonceFor = (prefix, index) => { const n = Buffer.alloc(12); prefix.copy(n, 0); n.writeUInt32BE(index, 8); return n }
const aad = (index, last) => { const a = Buffer.alloc(5); a.writeUInt32BE(index, 0); a[4] = last ? 1 : 0; return a }
// A buffer whose memory nobody else shares can be handed over; anything else is copied.
const own = (b) => (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : Buffer.from(b))

function seal(job, plain, last, out) {
  const cipher = createCipheriv('aes-256-gcm', job.key, nonceFor(job.prefix, job.index))
  cipher.setAAD(aad(job.index, last))
  const body = cipher.update(plain)
  cipher.final()
  job.index++
  out.push(own(body), cipher.getAuthTag())
}

function open(job, sealed, out) {
  const last = job.index === job.total - 1
  const decipher = createDecipheriv('aes-256-gcm', job.key, nonceFor(job.prefix, job.index))
  decipher.setAAD(aad(job.index, last))
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG))
  const plain = decipher.update(sealed.subarray(0, sealed.length - TAG))
  decipher.final()
  job.index++
  if (job.hash) job.hash.update(plain)
  if (plain.length) out.push(own(plain))
}

// Sealing: the last chunk is only known at the end, so one chunk (copied) always waits.
function sealData(job, data, out) {
  job.hash.update(data)
  job.size += data.length
  let offset = 0
  if (job.pending) {
    seal(job, job.pending, false, out)
    job.pending = undefined
  }
  while (data.length - offset > CHUNK) {
    seal(job, data.subarray(offset, offset + CHUNK), false, out)
    offset += CHUNK
  }
  if (offset < data.length) job.pending = Buffer.from(data.subarray(offset))
}

// Opening: whole sealed chunks straight away; a piece of one (copied) waits for more, and the
// file's last chunk waits for the end.
function openData(job, data, out) {
  let offset = 0
  if (job.carry) {
    const need = SEALED - job.carry.length
    if (data.length < need) { job.carry = Buffer.concat([job.carry, data]); return }
    const whole = Buffer.concat([job.carry, data.subarray(0, need)])
    job.carry = undefined
    offset = need
    if (job.index >= job.total - 1) { job.carry = Buffer.from(Buffer.concat([whole, data.subarray(offset)])); return }
    open(job, whole, out)
  }
  while (data.length - offset >= SEALED && job.index < job.total - 1) {
    open(job, data.subarray(offset, offset + SEALED), out)
    offset += SEALED
  }
  if (offset < data.length) job.carry = Buffer.from(data.subarray(offset))
}

parentPort.on('message', (m) => {
  const transfer = []
  const reply = { id: m.id }
  if (m.buffer) { reply.back = m.buffer; transfer.push(m.buffer) }
  try {
    if (m.op === 'seal') return void jobs.set(m.id, { seal: true, key: Buffer.from(m.key), prefix: Buffer.from(m.prefix), index: 0, size: 0, hash: createHash('sha256') })
    if (m.op === 'open') return void jobs.set(m.id, { seal: false, key: Buffer.from(m.key), prefix: Buffer.from(m.prefix), index: m.first, total: m.total, hash: m.hash ? createHash('sha256') : undefined })
    if (m.op === 'abort') return void jobs.delete(m.id)
    const job = jobs.get(m.id)
    if (!job) throw new Error('unknown job')
    const out = []
    if (m.op === 'data') {
      const data = Buffer.from(m.buffer, 0, m.length)
      if (job.seal) sealData(job, data, out)
      else openData(job, data, out)
    } else if (m.op === 'end') {
      jobs.delete(m.id)
      if (job.seal) seal(job, job.pending ?? Buffer.alloc(0), true, out)
      else if (job.carry || job.index < job.total) {
        if (!job.carry || job.index !== job.total - 1) throw new Error('truncated')
        open(job, job.carry, out)
      }
      reply.done = true
      reply.size = job.size
      reply.sha256 = job.hash ? job.hash.digest('hex') : undefined
    }
    reply.out = out
    for (const b of out) if (b.length >= 1024 && b.byteOffset === 0 && b.byteLength === b.buffer.byteLength) transfer.push(b.buffer)
  } catch (err) {
    jobs.delete(m.id)
    reply.error = err && err.message ? err.message : String(err)
  }
  parentPort.postMessage(reply, transfer)
})
`

type Reply = { id: number; back?: ArrayBuffer; out?: Uint8Array[]; done?: boolean; size?: number; sha256?: string; error?: string }
type Job = { onReply(reply: Reply): void; onFailure(err: Error): void }

class CryptoWorker {
  private worker: Worker | undefined
  private readonly jobs = new Map<number, Job>()
  private nextId = 1
  private disabled = false

  /** Starts the worker if needed; false where workers are not available. */
  private ensure(): boolean {
    if (this.worker) return true
    if (this.disabled) return false
    try {
      const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], stdout: false, stderr: false })
      let answered = false
      worker.on('message', (reply: Reply) => {
        answered = true
        this.jobs.get(reply.id)?.onReply(reply)
      })
      const fail = (err: Error) => {
        if (this.worker !== worker) return
        this.worker = undefined
        // A worker that fails before its first answer will not start next time either: encrypt
        // on the main thread from now on instead of failing every upload.
        if (!answered && !this.disabled) {
          this.disabled = true
          log.warn('the crypto worker could not start; files are encrypted on the main thread', { error: err })
        }
        const jobs = [...this.jobs.values()]
        this.jobs.clear()
        for (const job of jobs) job.onFailure(err)
      }
      worker.on('error', fail)
      worker.on('exit', (code) => fail(new Error(`the crypto worker exited (${code})`)))
      // After the listeners (adding one refs the port again): kept alive only while jobs run.
      worker.unref()
      this.worker = worker
      return true
    } catch {
      return false
    }
  }

  register(job: Job): number | undefined {
    if (!this.ensure()) return undefined
    const id = this.nextId++
    this.jobs.set(id, job)
    if (this.jobs.size === 1) this.worker!.ref()
    return id
  }

  unregister(id: number) {
    if (this.jobs.delete(id) && this.jobs.size === 0) this.worker?.unref()
  }

  get active(): number {
    return this.jobs.size
  }

  post(message: Record<string, unknown>, transfer: ArrayBuffer[] = []) {
    this.worker!.postMessage(message, transfer)
  }
}

let shared: CryptoWorker | undefined

/**
 * 'upload' (the default): uploads hash and encrypt on the worker, downloads decrypt and hash on
 * the event loop; 'full': both on the worker; 'off': everything on the event loop (as range reads
 * always are). Measured on 2 cores with the client on the same machine (tests/bench, 1 GiB, 3
 * rounds): uploads move about 1.6× as many MB/s on the worker (portal/bare 0.63–0.68 instead of
 * 0.38–0.41); downloads were not faster on it (0.77 instead of 0.86–0.89: the client's own
 * hashing needs the second core) and cost about 20 MB more peak memory. Only hashing on the
 * worker (tried) was slower than 'off': the copy to the worker cost more than it saved.
 */
export type CryptoWorkerMode = 'off' | 'upload' | 'full'
let mode: CryptoWorkerMode = 'upload'

/** The process's crypto worker, or undefined where none can run (the callers then work in-thread). */
function cryptoWorker(): CryptoWorker | undefined {
  if (mode === 'off') return undefined
  shared ??= new CryptoWorker()
  return shared
}

/** Transfers the worker is working on (for tests: an abandoned one must not stay). */
export function activeCryptoWorkerJobs(): number {
  return shared?.active ?? 0
}

export function cryptoWorkerMode(): CryptoWorkerMode {
  return mode
}

/** For tests and measurements. */
export function setCryptoWorkerMode(next: CryptoWorkerMode) {
  mode = next
}

export type WorkerResult = { size: number; sha256?: string }

/**
 * A Transform that runs a seal or open job in the worker: bytes in, sealed (or opened) bytes
 * out, in order. `result` resolves with the plaintext's size and SHA-256 once the stream ended.
 */
class WorkerCipherStream extends Transform {
  private readonly batchSize: number
  private readonly free: ArrayBuffer[] = []
  private batch: Buffer | undefined
  private filled = 0
  private inFlight = 0
  private waiting: TransformCallback | undefined
  private flushed: TransformCallback | undefined
  private id: number | undefined
  private received = 0
  result: WorkerResult | undefined

  constructor(
    private readonly worker: CryptoWorker,
    start: Record<string, unknown>,
    batchSize: number,
    private readonly maxBytes: number,
    private readonly tooLarge: () => Error,
    private readonly onError: (message: string) => Error,
    private readonly verify?: (result: WorkerResult) => Error | undefined,
  ) {
    // Room for the batches that come back while the writer is busy.
    super({ readableHighWaterMark: IN_FLIGHT * batchSize, writableHighWaterMark: batchSize })
    this.batchSize = batchSize
    const id = worker.register({
      onReply: (reply) => this.reply(reply),
      onFailure: (err) => this.destroy(err),
    })
    if (id === undefined) throw new Error('no crypto worker')
    this.id = id
    worker.post({ ...start, id })
  }

  private nextBatch(): Buffer {
    const buffer = this.free.pop() ?? new ArrayBuffer(this.batchSize)
    return Buffer.from(buffer, 0, this.batchSize)
  }

  private send() {
    const batch = this.batch!
    this.batch = undefined
    this.inFlight++
    this.worker.post({ op: 'data', id: this.id, buffer: batch.buffer, length: this.filled }, [batch.buffer as ArrayBuffer])
    this.filled = 0
  }

  override _transform(data: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.received += data.length
    if (this.received > this.maxBytes) return done(this.tooLarge())
    let offset = 0
    while (offset < data.length) {
      this.batch ??= this.nextBatch()
      const n = data.copy(this.batch, this.filled, offset)
      this.filled += n
      offset += n
      if (this.filled === this.batchSize) this.send()
    }
    if (this.inFlight >= IN_FLIGHT) this.waiting = done
    else done()
  }

  override _flush(done: TransformCallback) {
    if (this.filled) this.send()
    this.flushed = done
    this.worker.post({ op: 'end', id: this.id })
  }

  private reply(reply: Reply) {
    if (this.destroyed) return
    if (reply.back) this.free.push(reply.back)
    if (reply.error !== undefined) return void this.destroy(this.onError(reply.error))
    for (const part of reply.out ?? []) if (part.byteLength) this.push(Buffer.from(part.buffer, part.byteOffset, part.byteLength))
    if (reply.done) {
      this.worker.unregister(this.id!)
      this.id = undefined
      this.result = { size: reply.size ?? 0, sha256: reply.sha256 }
      const problem = this.verify?.(this.result)
      if (problem) return void this.destroy(problem)
      const flushed = this.flushed
      this.flushed = undefined
      return void flushed?.()
    }
    this.inFlight--
    const waiting = this.waiting
    if (waiting && this.inFlight < IN_FLIGHT) {
      this.waiting = undefined
      waiting()
    }
  }

  override _destroy(err: Error | null, done: (err?: Error | null) => void) {
    if (this.id !== undefined) {
      this.worker.post({ op: 'abort', id: this.id })
      this.worker.unregister(this.id)
      this.id = undefined
    }
    this.free.length = 0
    done(err)
  }
}

/**
 * Hashes and encrypts a plaintext (at most maxBytes, else tooLarge()) in the worker; the
 * stream's output is the blob without its header. undefined when no worker can run.
 */
export function workerSealStream(key: Buffer, prefix: Buffer, maxBytes: number, tooLarge: () => Error): WorkerCipherStream | undefined {
  const worker = cryptoWorker()
  if (!worker) return undefined
  try {
    return new WorkerCipherStream(worker, { op: 'seal', key, prefix }, BATCH_CHUNKS * CHUNK, maxBytes, tooLarge, (message) => new Error(message))
  } catch {
    return undefined
  }
}

/**
 * Decrypts a whole file's sealed chunks (totalChunks of them, header already read) in the worker
 * and checks the plaintext's SHA-256 at the end with verify (an error it returns errors the
 * stream instead of ending it). An authentication failure errors the stream with failed(message).
 * undefined when no worker can run.
 */
export function workerOpenStream(key: Buffer, prefix: Buffer, totalChunks: number, failed: (message: string) => Error, verify: (sha256: string) => Error | undefined): WorkerCipherStream | undefined {
  const worker = mode === 'full' ? cryptoWorker() : undefined
  if (!worker) return undefined
  try {
    return new WorkerCipherStream(worker, { op: 'open', key, prefix, first: 0, total: totalChunks, hash: true }, BATCH_CHUNKS * SEALED, Infinity, () => new Error('unreachable'), failed, (result) => verify(result.sha256 ?? ''))
  } catch {
    return undefined
  }
}

export type { WorkerCipherStream }
