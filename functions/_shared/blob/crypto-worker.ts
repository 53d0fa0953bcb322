import { Duplex } from 'node:stream'
import { Worker } from 'node:worker_threads'
import { CHUNK, MAGIC, TAG } from './chunk-cipher.ts'
import { freeNow, lend } from './lent-chunks.ts'
import { log } from '../log.ts'

/**
 * The SHA-256 and AES-256-GCM work of whole-file uploads on a second thread, so that the event
 * loop only moves bytes (socket, disk) and the two halves of the work run on two cores. Same
 * format as chunk-cipher.ts (magic, nonce prefix ‖ index, AAD index ‖ last); the unit tests check
 * that both implementations read each other's blobs.
 *
 * Memory: the event loop copies the incoming bytes into a batch buffer (BATCH_CHUNKS chunks) and
 * hands it to the worker without a copy; the worker hashes and seals the chunks *into the same
 * buffer* and hands it back; the buffer goes to the blob store and, once the store has written
 * it (lent-chunks.ts), back to the batch pool. So a whole upload reuses a few buffers and leaves
 * no garbage behind on the event loop. The worker's own garbage (the cipher's fresh output per
 * chunk) is freed at once by transferring it into a closed message port.
 *
 * Batch layout (B = BATCH_CHUNKS, S = CHUNK + TAG): the plaintext arrives at offset
 * P = CHUNK + B·TAG; sealed chunks are written from offset 0. The chunk held back from the previous
 * batch (the last chunk is only known at the end) is sealed first. Sealed chunk j of a batch ends
 * at (j+2)·S at most, which never reaches plaintext chunk j+1 at P + (j+1)·CHUNK for j ≤ B−2, so
 * sealing in place never overwrites bytes not yet read. The final message also seals the held
 * chunk as the last one, hence room for B+1 sealed chunks.
 *
 * One worker for the process, started on first use (plain JavaScript: no TypeScript loader in
 * it, which keeps its memory small) and not keeping the process alive. Where no worker can be
 * started, callers get undefined and do the work on the event loop (EncryptStream).
 *
 * Downloads decrypt and hash on the event loop (encrypted-file.ts): on a 2-core machine the
 * downloading client needs the second core, and a plaintext handed to the response cannot come
 * back for reuse, so the worker would only add garbage (measured; see the bench).
 */

const SEALED = CHUNK + TAG
/** Chunks per batch: 1 MiB of plaintext. */
const BATCH_CHUNKS = 4
const PLAIN_AT = CHUNK + BATCH_CHUNKS * TAG
const BATCH_BYTES = BATCH_CHUNKS * CHUNK
const CAPACITY = (BATCH_CHUNKS + 1) * SEALED
/** Batches posted and not yet answered, per transfer. */
const IN_FLIGHT = 3
/** Free batch buffers kept per transfer. */
const POOL = 8

/** Runs in the worker (CommonJS, evaluated from this string). */
const WORKER_SOURCE = `
'use strict'
const { parentPort, MessageChannel } = require('node:worker_threads')
const { createHash, createCipheriv } = require('node:crypto')
const CHUNK = ${CHUNK}, TAG = ${TAG}, PLAIN_AT = ${PLAIN_AT}
const MAGIC = ${JSON.stringify(MAGIC.toString('latin1'))}
const jobs = new Map()
const nonceFor = (prefix, index) => { const n = Buffer.alloc(12); prefix.copy(n, 0); n.writeUInt32BE(index, 8); return n }
const aad = (index, last) => { const a = Buffer.alloc(5); a.writeUInt32BE(index, 0); a[4] = last ? 1 : 0; return a }
// Memory nobody else shares is freed right away by moving it into a port that is closed, instead
// of waiting for a garbage collection.
const sink = new MessageChannel()
sink.port2.close()
const discard = (b) => { if (b.byteLength >= 4096 && b.byteOffset === 0 && b.byteLength === b.buffer.byteLength) sink.port1.postMessage(null, [b.buffer]) }

// Seals plain as chunk job.index into out at offset at; returns the offset after it.
function seal(job, plain, last, out, at) {
  const cipher = createCipheriv('aes-256-gcm', job.key, nonceFor(job.prefix, job.index))
  cipher.setAAD(aad(job.index, last))
  const body = cipher.update(plain)
  cipher.final()
  job.index++
  const length = body.copy(out, at)
  cipher.getAuthTag().copy(out, at + length)
  discard(body)
  return at + length + TAG
}

// A batch: plaintext at PLAIN_AT (whole chunks unless it is the last), sealed in place from 0.
function sealBatch(job, buffer, length, last) {
  const out = Buffer.from(buffer)
  const data = out.subarray(PLAIN_AT, PLAIN_AT + length)
  job.hash.update(data)
  job.size += length
  let at = 0
  if (job.held >= 0 && length > 0) {
    at = seal(job, job.pending.subarray(0, job.held), false, out, at)
    job.held = -1
  }
  let offset = 0
  while (length - offset > CHUNK) {
    at = seal(job, data.subarray(offset, offset + CHUNK), false, out, at)
    offset += CHUNK
  }
  if (offset < length) {
    data.copy(job.pending, 0, offset, length)
    job.held = length - offset
  }
  if (last) at = seal(job, job.pending.subarray(0, Math.max(0, job.held)), true, out, at)
  return at
}

parentPort.on('message', (m) => {
  const reply = { id: m.id }
  const transfer = []
  if (m.buffer) { reply.buffer = m.buffer; reply.length = 0; transfer.push(m.buffer) }
  try {
    if (m.op === 'seal') return void jobs.set(m.id, { key: Buffer.from(m.key), prefix: Buffer.from(m.prefix), index: 0, size: 0, held: -1, pending: Buffer.allocUnsafe(CHUNK), hash: createHash('sha256') })
    if (m.op === 'abort') return void jobs.delete(m.id)
    const job = jobs.get(m.id)
    if (!job) throw new Error('unknown job')
    reply.length = sealBatch(job, m.buffer, m.length, m.last)
    if (m.last) {
      jobs.delete(m.id)
      reply.done = true
      reply.size = job.size
      reply.sha256 = job.hash.digest('hex')
    }
  } catch (err) {
    jobs.delete(m.id)
    reply.error = err && err.message ? err.message : String(err)
  }
  parentPort.postMessage(reply, transfer)
})
`

type Reply = { id: number; buffer?: ArrayBuffer; length?: number; done?: boolean; size?: number; sha256?: string; error?: string }
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
 * 'upload' (the default): uploads hash and encrypt on the worker; 'off': on the event loop (as
 * where no worker can start). Downloads always run on the event loop (see above).
 */
export type CryptoWorkerMode = 'off' | 'upload'
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

export type WorkerResult = { size: number; sha256: string }

/**
 * Plaintext in, the whole blob out (header, then the sealed chunks, in order), hashed and sealed
 * on the worker. `result` holds the plaintext's size and SHA-256 once the stream ended. The
 * sealed batches it pushes are lent (lent-chunks.ts): giving them back lets the next batches
 * reuse them.
 *
 * A Duplex rather than a Transform: input is taken (the write callback called) only while fewer
 * than IN_FLIGHT batches are with the worker and the reading side wants more or holds less than
 * its high-water mark, which is what bounds the memory when the disk is the slower end.
 */
class WorkerSealStream extends Duplex {
  private readonly free: ArrayBuffer[] = []
  private batch: Buffer | undefined
  private filled = 0
  private inFlight = 0
  private wanted = false
  private waiting: ((err?: Error | null) => void) | undefined
  private flushed: ((err?: Error | null) => void) | undefined
  private id: number | undefined
  private received = 0
  result: WorkerResult | undefined

  constructor(
    private readonly worker: CryptoWorker,
    key: Buffer,
    prefix: Buffer,
    private readonly maxBytes: number,
    private readonly tooLarge: () => Error,
    private readonly ownsInput: boolean,
  ) {
    // Incoming chunks are copied into a batch at once; while the worker is busy only a little
    // waits in front of it (then the socket stops being read), because a chunk that waits through
    // a scavenge is promoted and then only freed by a full garbage collection (measured: dozens of
    // mark-compacts per GiB with a 1 MiB queue here).
    super({ readableHighWaterMark: 2 * CAPACITY, writableHighWaterMark: 64 * 1024 })
    const id = worker.register({
      onReply: (reply) => this.reply(reply),
      onFailure: (err) => this.destroy(err),
    })
    if (id === undefined) throw new Error('no crypto worker')
    this.id = id
    worker.post({ op: 'seal', id, key, prefix })
    this.push(Buffer.concat([MAGIC, prefix]))
  }

  private nextBatch(): Buffer {
    return Buffer.from(this.free.pop() ?? new ArrayBuffer(CAPACITY))
  }

  private send(last: boolean) {
    const batch = this.batch ?? this.nextBatch()
    this.batch = undefined
    this.inFlight++
    this.worker.post({ op: 'data', id: this.id, buffer: batch.buffer, length: this.filled, last }, [batch.buffer as ArrayBuffer])
    this.filled = 0
  }

  override _write(data: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void) {
    this.received += data.length
    if (this.received > this.maxBytes) return done(this.tooLarge())
    let offset = 0
    while (offset < data.length) {
      this.batch ??= this.nextBatch()
      const n = data.copy(this.batch, PLAIN_AT + this.filled, offset, offset + Math.min(data.length - offset, BATCH_BYTES - this.filled))
      this.filled += n
      offset += n
      if (this.filled === BATCH_BYTES) this.send(false)
    }
    // A chunk that belongs to this stream alone (Node's HTTP parser copies every piece of a
    // request body into a buffer of its own) is freed now that it is copied. Left to the
    // collector, a gigabyte of such buffers outgrows V8's external-memory limit between two
    // scavenges (the pieces are big, their JS objects tiny) and each time forces a full
    // mark-compact: 35 per GiB, a third of the upload's CPU (tests/bench/file-transfer.bench.ts).
    if (this.ownsInput) freeNow(data)
    this.waiting = done
    this.proceed()
  }

  override _final(done: (err?: Error | null) => void) {
    this.flushed = done
    this.send(true)
  }

  override _read() {
    this.wanted = true
    this.proceed()
  }

  private proceed() {
    const waiting = this.waiting
    if (!waiting || this.inFlight >= IN_FLIGHT || (!this.wanted && this.readableLength >= this.readableHighWaterMark)) return
    this.waiting = undefined
    waiting()
  }

  private recycle(buffer: ArrayBuffer) {
    if (!this.destroyed && this.free.length < POOL) this.free.push(buffer)
  }

  private reply(reply: Reply) {
    if (this.destroyed) return
    if (reply.error !== undefined) return void this.destroy(new Error(reply.error))
    const buffer = reply.buffer!
    this.inFlight--
    if (reply.length) {
      const sealed = Buffer.from(buffer, 0, reply.length)
      this.wanted = false
      this.push(lend(sealed, () => this.recycle(buffer)))
    } else this.recycle(buffer)
    if (reply.done) {
      this.worker.unregister(this.id!)
      this.id = undefined
      this.result = { size: reply.size ?? 0, sha256: reply.sha256 ?? '' }
      this.push(null)
      const flushed = this.flushed
      this.flushed = undefined
      return void flushed?.()
    }
    this.proceed()
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
 * stream's output is the whole blob. undefined when no worker can run. ownsInput: the chunks
 * written to it are referenced by nothing else, so each is freed (emptied) once copied.
 */
export function workerSealStream(key: Buffer, prefix: Buffer, maxBytes: number, tooLarge: () => Error, ownsInput = false): WorkerSealStream | undefined {
  const worker = cryptoWorker()
  if (!worker) return undefined
  try {
    return new WorkerSealStream(worker, key, prefix, maxBytes, tooLarge, ownsInput)
  } catch {
    return undefined
  }
}

export type { WorkerSealStream }
