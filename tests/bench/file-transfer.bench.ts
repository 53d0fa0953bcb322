import { createCipheriv, createHash, randomUUID } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { fork } from 'node:child_process'
import http from 'node:http'
import { fileURLToPath } from 'node:url'
import { PerformanceObserver, constants } from 'node:perf_hooks'
import path from 'node:path'
import type postgres from 'postgres'
import { setCryptoWorkerMode } from '../../functions/_shared/blob/crypto-worker.ts'
import type { Runtime } from '../../functions/_shared/runtime.ts'
import { defineSuite } from './harness.ts'

/**
 * Large files through the portal: upload and download of one file (1 GiB by default) over real
 * HTTP, encrypted into the blob store and decrypted on the way out, against a bare node:http
 * server on the same host that streams the same bytes to a file on disk and back with
 * createReadStream. Same client code, same bytes, same process type, measured in the same run.
 *
 * - Client (the parent process, run.ts): the body is generated from a fixed pseudo-random 1 MiB
 *   block (AES-CTR keystream of a constant key) that starts with "%PDF-1.7\n", so the portal's
 *   magic-byte check takes it as application/pdf; it is written with node:http as a chunked body
 *   (no Content-Length), respecting backpressure. Downloads are hashed on the fly and discarded
 *   (as to /dev/null); size and SHA-256 must match, and the portal's upload answer must report
 *   the same size and SHA-256.
 * - Portal: POST /functions/v1/documents?clientId=…&filename=bench.pdf as a staff member assigned
 *   to the client (session cookie, same Origin), then GET /functions/v1/documents/<id>/file.
 * - Bare: POST /files/<name> → pipeline(req, createWriteStream) → 201; GET /files/<name> →
 *   Content-Length and createReadStream piped to the response. It runs in a process of its own
 *   (bare-file-server.ts, forked in prepare), so its buffers never count towards the portal's
 *   memory, writing into the bench server's temporary DATA_DIR next to the portal's blobs: the
 *   same disk.
 * - Rounds in A B B A order (bare, portal; portal, bare; …) after a small warm-up through both;
 *   each file is deleted right after its download.
 * - Memory: each server process (the portal's, the bare one's) samples its RSS every 50 ms; where Linux has it, the
 *   kernel's exact high-water mark (VmHWM, reset through /proc/self/clear_refs before every
 *   transfer) is the peak reported. Read over bench-only routes after every transfer. During a
 *   transfer the client polls the current RSS and aborts once it passes BENCH_FILE_ABORT_RSS_MB,
 *   so a server that buffers bodies fails the run instead of exhausting the machine.
 * - CPU: the bench server's (all threads) and the client's during every transfer. The server's
 *   CPU time per MB moved is the figure least disturbed by other load on a shared machine. The
 *   client's SHA-256 on download takes most of a core: on 2 cores both downloads compete with it.
 * - Ratios portal/bare: over all rounds, and per round (the portal's and the bare server's
 *   transfers of a round ran back to back).
 *
 * - Resumable uploads (BENCH_FILE_TUS=1, opt-in: one more upload per round): the same file through
 *   the portal's tus endpoint as the web app sends it (web/src/features/documents/upload/transport.ts:
 *   8 MiB chunks): POST /functions/v1/documents/uploads (creation, Upload-Metadata clientId and
 *   filename), then one PATCH per chunk with Content-Length, each on a kept-alive connection; the
 *   last PATCH stages the rest, reads the staged file back and stores it as a document, and its
 *   Upload-Document-Id names it. Size and SHA-256 are checked in the database (no download: the
 *   document downloads like any other). Reported like the direct upload (throughput against the
 *   same rounds' bare uploads, peak RSS, CPU, main-thread GC), in the rounds' order A B C C B A.
 *
 * Goals (the issue): portal/bare throughput ≥ 0.7 in both directions, portal peak RSS < 200 MB.
 * Units: MB = 10^6 bytes (throughput and RSS); the file size is given in MiB.
 *
 * Environment: BENCH_FILE_MB (file size in MiB, default 1024), BENCH_FILE_ROUNDS (default 4),
 * BENCH_FILE_CHUNKED (default 1; 0 sends Content-Length instead),
 * BENCH_FILE_TIMEOUT_SECONDS (per transfer, default 120 per GiB, at least 30),
 * BENCH_FILE_ABORT_RSS_MB (default 1000), BENCH_FILE_CRYPTO_WORKER (off or upload: whether the portal
 * hashes and encrypts uploads on its crypto worker, for comparison; default: the product's, upload),
 * BENCH_FILE_TUS (1: also upload through tus, see above; default 0), BENCH_FILE_TUS_CHUNK_MB (the
 * size of a tus PATCH in MiB, default 8 like the web app).
 */

function numberFromEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number ≥ ${min} (got "${raw}")`)
  return value
}

const MiB = 2 ** 20
const MB = 1e6
const SIZE = Math.round(numberFromEnv('BENCH_FILE_MB', 1024, 1) * MiB)
const ROUNDS = Math.floor(numberFromEnv('BENCH_FILE_ROUNDS', 4, 1))
const CHUNKED = process.env.BENCH_FILE_CHUNKED !== '0'
const TIMEOUT_MS = numberFromEnv('BENCH_FILE_TIMEOUT_SECONDS', Math.max(30, (120 * SIZE) / 2 ** 30), 1) * 1000
const ABORT_RSS = numberFromEnv('BENCH_FILE_ABORT_RSS_MB', 1000, 50) * MB
const WARMUP_SIZE = Math.min(SIZE, 32 * MiB)
const SAMPLE_MS = 50
const POLL_MS = 200
const GOALS = { ratio: 0.7, peakRss: 200 * MB }
const TUS = process.env.BENCH_FILE_TUS === '1'
const TUS_CHUNK = Math.round(numberFromEnv('BENCH_FILE_TUS_CHUNK_MB', 8, 1 / 16) * MiB)

// ============================================================================================
// The bench server process: fixture, bare server, memory sampler, clean-up routes
// ============================================================================================

type Fixture = { cookie: string; clientId: string; bareUrl: string; pid: number; barePid: number }

/** Set in prepare() (bench server process), used by the bench-only routes there. */
let owner: postgres.Sql | undefined

/** Garbage collections of the main thread since the last reset: count and time per kind. */
type GcStats = { scavenges: number; markCompacts: number; incremental: number; ms: number; external: number }
const emptyGc = (): GcStats => ({ scavenges: 0, markCompacts: 0, incremental: 0, ms: 0, external: 0 })

/**
 * Peak RSS since the last reset: sampled every 50 ms, and the kernel's VmHWM where there is one.
 * With each sample also the parts Node can name (V8 heap, array buffers), and their highest values
 * since the reset: what the peak is made of.
 */
const memory = {
  sampledPeak: 0,
  parts: { heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 },
  gc: emptyGc(),
  cpu: process.cpuUsage(),
  since: performance.now(),
  timer: undefined as NodeJS.Timeout | undefined,
  start() {
    this.timer ??= setInterval(() => this.sample(), SAMPLE_MS).unref()
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const detail = (entry as unknown as { detail?: { kind: number; flags: number } }).detail
        const kind = detail?.kind ?? 0
        if (kind === constants.NODE_PERFORMANCE_GC_MINOR) this.gc.scavenges++
        else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) this.gc.markCompacts++
        else if (kind === constants.NODE_PERFORMANCE_GC_INCREMENTAL) this.gc.incremental++
        if ((detail?.flags ?? 0) & constants.NODE_PERFORMANCE_GC_FLAGS_ALL_EXTERNAL_MEMORY) this.gc.external++
        this.gc.ms += entry.duration
      }
    }).observe({ entryTypes: ['gc'] })
  },
  sample() {
    const usage = process.memoryUsage()
    for (const key of ['heapTotal', 'heapUsed', 'external', 'arrayBuffers'] as const) if (usage[key] > this.parts[key]) this.parts[key] = usage[key]
    if (usage.rss > this.sampledPeak) this.sampledPeak = usage.rss
    return usage.rss
  },
  hwm(): number | undefined {
    try {
      const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]
      return kb ? Number(kb) * 1024 : undefined
    } catch {
      return undefined
    }
  },
  reset() {
    try {
      // "5" resets the process's peak RSS (Linux ≥ 4.0).
      writeFileSync('/proc/self/clear_refs', '5')
    } catch {
      // Not Linux: the sampled peak alone.
    }
    this.sampledPeak = 0
    this.parts = { heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }
    this.gc = emptyGc()
    this.cpu = process.cpuUsage()
    this.since = performance.now()
    return this.sample()
  },
  read() {
    const rss = this.sample()
    const hwm = this.hwm()
    const cpu = process.cpuUsage(this.cpu)
    // CPU time of the whole process (all threads) since the reset, in % of one core.
    const cpuPercent = (100 * (cpu.user + cpu.system)) / 1000 / (performance.now() - this.since)
    const { heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage()
    return { rss, sampledPeak: this.sampledPeak, hwm, peak: Math.max(this.sampledPeak, hwm ?? 0), cpuPercent, heapTotal, heapUsed, external, arrayBuffers, peakParts: this.parts, gc: this.gc }
  },
}

/**
 * The baseline (bare-file-server.ts) in a process of its own, so that its buffers never count
 * towards the portal's memory; it has the same memory routes as the bench server.
 */
function startBareServer(dir: string): Promise<{ url: string; pid: number }> {
  const child = fork(fileURLToPath(new URL('./bare-file-server.ts', import.meta.url)), [dir], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  process.once('exit', () => child.kill())
  return new Promise((resolve, reject) => {
    child.once('message', (message: { url: string }) => resolve({ url: message.url, pid: child.pid! }))
    child.once('exit', (code) => reject(new Error(`the bare server exited (${code})`)))
  })
}

function benchRoutes(app: import('hono').Hono, runtime: () => Runtime) {
  memory.start()
  app.post('/__bench/file-transfer/memory/reset', (c) => c.json({ rss: memory.reset() }))
  app.get('/__bench/file-transfer/memory', (c) => c.json(memory.read()))
  // Removes an uploaded document's blob (the rows stay in the throw-away bench database).
  app.post('/__bench/file-transfer/discard/:itemId', async (c) => {
    const rows = await owner!`select blob_name from public.document_versions where item_id = ${c.req.param('itemId')}`
    for (const row of rows) await runtime().blobs.delete(row.blob_name as string)
    return c.json({ removed: rows.length })
  })
  // What the portal stored for a document: a tus upload's answer names only the document.
  app.get('/__bench/file-transfer/stored/:itemId', async (c) => {
    const [row] = await owner!`select size, sha256 from public.document_versions where item_id = ${c.req.param('itemId')} order by version desc limit 1`
    return c.json(row ? { size: Number(row.size), sha256: row.sha256 as string } : {})
  })
}

// ============================================================================================
// The client (parent process)
// ============================================================================================

/** The fixed 1 MiB block the file repeats; it starts with a PDF header. */
function makeBlock(): Buffer {
  const block = createCipheriv('aes-256-ctr', Buffer.alloc(32, 7), Buffer.alloc(16)).update(Buffer.alloc(MiB))
  Buffer.from('%PDF-1.7\n').copy(block, 0)
  return block
}

/** The file's bytes [from, to) as slices of the repeated block (whole blocks where they fit). */
function* parts(block: Buffer, size: number, from = 0): Generator<Buffer> {
  for (let at = from; at < size; ) {
    const start = at % block.length
    const end = Math.min(block.length, start + (size - at))
    yield start === 0 && end === block.length ? block : block.subarray(start, end)
    at += end - start
  }
}

function sha256Of(block: Buffer, size: number): string {
  const hash = createHash('sha256')
  for (const part of parts(block, size)) hash.update(part)
  return hash.digest('hex')
}

type Target = {
  name: 'portal' | 'bare'
  base: string
  uploadPath(): string
  downloadPath(id: string): string
  headers: Record<string, string>
  discard(id: string): Promise<void>
}

/** One direction of one round: time, rate, the bench server's peak RSS, CPU of server and client (all threads, % of one core). */
type Transfer = {
  seconds: number
  mbPerSecond: number
  peakRss: number
  rssBefore: number
  serverCpuPercent: number
  clientCpuPercent: number
  /** The portal process only: highest V8 heap and array-buffer figures and the main thread's garbage collections during the transfer. */
  peakParts?: { heapTotal: number; heapUsed: number; external: number; arrayBuffers: number }
  gc?: GcStats
}

class Aborted extends Error {}

async function json(res: Response) {
  if (!res.ok) throw new Error(`${res.url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`)
  return res.json() as Promise<any>
}

/** Runs one transfer with a timeout, polling the bench server's RSS (routes at base); aborts past the limits. */
async function transfer<T>(base: string, run: (signal: AbortSignal, progress: (bytes: number) => void) => Promise<T>): Promise<T & Omit<Transfer, 'mbPerSecond'>> {
  const { rss: rssBefore } = await json(await fetch(`${base}/__bench/file-transfer/memory/reset`, { method: 'POST' }))
  const abort = new AbortController()
  let bytes = 0
  const progress = (n: number) => void (bytes += n)
  const timeout = setTimeout(() => abort.abort(new Aborted(`no answer within ${TIMEOUT_MS / 1000} s (BENCH_FILE_TIMEOUT_SECONDS)`)), TIMEOUT_MS)
  let polling = true
  const poll = (async () => {
    while (polling) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS))
      let rss = 0
      try {
        ;({ rss } = await json(await fetch(`${base}/__bench/file-transfer/memory`, { signal: AbortSignal.timeout(5_000) })))
      } catch {
        // A server too busy to answer within 5 s: the transfer's timeout decides.
      }
      if (rss > ABORT_RSS && !abort.signal.aborted)
        abort.abort(new Aborted(`the bench server's RSS reached ${fmt(rss / MB)} MB (BENCH_FILE_ABORT_RSS_MB ${fmt(ABORT_RSS / MB)})`))
    }
  })()
  const started = performance.now()
  const cpu = process.cpuUsage()
  try {
    const result = await run(abort.signal, progress).catch((err: unknown) => {
      if (abort.signal.aborted) throw new Aborted(`aborted after ${fmt(bytes / MB)} MB: ${(abort.signal.reason as Error).message}`)
      throw err
    })
    const seconds = (performance.now() - started) / 1000
    const client = process.cpuUsage(cpu)
    const { peak, cpuPercent, peakParts, gc } = await json(await fetch(`${base}/__bench/file-transfer/memory`))
    return { ...result, seconds, peakRss: peak as number, rssBefore, serverCpuPercent: cpuPercent as number, clientCpuPercent: (client.user + client.system) / 1e4 / seconds, peakParts, gc }
  } finally {
    clearTimeout(timeout)
    polling = false
    await poll
  }
}

/** Writes the parts as the request's body, respecting backpressure, and ends it. */
function writeBody(req: http.ClientRequest, source: Generator<Buffer>, progress: (n: number) => void) {
  const pump = () => {
    for (;;) {
      if (req.destroyed) return
      const next = source.next()
      if (next.done) return void req.end()
      progress(next.value.length)
      if (!req.write(next.value)) return void req.once('drain', pump)
    }
  }
  pump()
}

/** POSTs the generated file (chunked unless BENCH_FILE_CHUNKED=0), respecting backpressure. */
function upload(target: Target, block: Buffer, size: number, signal: AbortSignal, progress: (n: number) => void): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...target.headers, 'content-type': 'application/octet-stream' }
    if (!CHUNKED) headers['content-length'] = String(size)
    const req = http.request(`${target.base}${target.uploadPath()}`, { method: 'POST', headers, signal })
    req.once('error', reject)
    req.once('response', (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.once('error', reject)
      res.once('end', () => {
        // An early answer (e.g. a refusal): stop sending the rest.
        if (!req.writableFinished) req.destroy()
        const text = Buffer.concat(chunks).toString()
        let body: unknown = text
        try {
          body = JSON.parse(text)
        } catch {
          // keep the text
        }
        resolve({ status: res.statusCode!, body })
      })
    })
    writeBody(req, parts(block, size), progress)
  })
}

/** GETs the file, hashing and counting it on the fly; nothing is kept. */
function download(target: Target, id: string, signal: AbortSignal, progress: (n: number) => void): Promise<{ status: number; size: number; sha256: string; body?: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${target.base}${target.downloadPath(id)}`, { headers: target.headers, signal }, (res) => {
      const hash = createHash('sha256')
      let size = 0
      const errorText: Buffer[] = []
      res.on('data', (chunk: Buffer) => {
        if (res.statusCode !== 200) return void errorText.push(chunk)
        hash.update(chunk)
        size += chunk.length
        progress(chunk.length)
      })
      res.once('error', reject)
      res.once('end', () => {
        if (!res.complete) return reject(new Error(`the download ended early after ${fmt(size / MB)} MB`))
        resolve({ status: res.statusCode!, size, sha256: hash.digest('hex'), body: errorText.length ? Buffer.concat(errorText).toString().slice(0, 300) : undefined })
      })
    })
    req.once('error', reject)
  })
}

type Answer = { status: number; headers: http.IncomingHttpHeaders; text: string }

/** One request whose body is the file's bytes [from, to) with Content-Length (none when from = to). */
function send(url: string, method: string, headers: Record<string, string>, block: Buffer, size: number, from: number, to: number, signal: AbortSignal, progress: (n: number) => void): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: { ...headers, 'content-length': String(to - from) }, signal })
    req.once('error', reject)
    req.once('response', (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.once('error', reject)
      res.once('end', () => {
        if (!req.writableFinished) req.destroy()
        resolve({ status: res.statusCode!, headers: res.headers, text: Buffer.concat(chunks).toString() })
      })
    })
    writeBody(req, parts(block, to, from), progress)
  })
}

/**
 * Uploads the generated file as the web app does (tus 1.0.0): creation, then one PATCH of
 * TUS_CHUNK bytes after the other; the last one's answer names the document.
 */
async function tusUpload(base: string, headers: Record<string, string>, clientId: string, block: Buffer, size: number, signal: AbortSignal, progress: (n: number) => void): Promise<{ id: string; lastPatchSeconds: number }> {
  const tus = { ...headers, 'tus-resumable': '1.0.0' }
  const metadata = Object.entries({ clientId, filename: 'bench.pdf' })
    .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
    .join(',')
  const endpoint = `${base}/functions/v1/documents/uploads`
  const created = await send(endpoint, 'POST', { ...tus, 'upload-length': String(size), 'upload-metadata': metadata }, block, size, 0, 0, signal, progress)
  const location = created.headers.location
  if (created.status !== 201 || !location) throw new Error(`tus creation answered ${created.status}: ${created.text.slice(0, 300)}`)
  const url = new URL(location, `${endpoint}/`).href
  let offset = 0
  let documentId: string | undefined
  let lastPatchSeconds = 0
  while (offset < size) {
    const started = performance.now()
    const end = Math.min(size, offset + TUS_CHUNK)
    const headers = { ...tus, 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset) }
    const res = await send(url, 'PATCH', headers, block, size, offset, end, signal, progress)
    if (res.status !== 204) throw new Error(`tus PATCH at ${offset} answered ${res.status}: ${res.text.slice(0, 300)}`)
    if (Number(res.headers['upload-offset']) !== end) throw new Error(`tus PATCH at ${offset}: Upload-Offset ${res.headers['upload-offset']}, expected ${end}`)
    offset = end
    documentId = res.headers['upload-document-id'] as string | undefined
    lastPatchSeconds = (performance.now() - started) / 1000
  }
  if (!documentId) throw new Error('the last tus PATCH named no document (Upload-Document-Id)')
  return { id: documentId, lastPatchSeconds }
}

/** One upload through tus, checked in the database (size, SHA-256), then discarded. */
async function tusRound(base: string, headers: Record<string, string>, clientId: string, block: Buffer, size: number, sha256: string): Promise<TusTransfer> {
  let id: string | undefined
  let lastPatchSeconds = 0
  try {
    const up = await transfer(base, async (signal, progress) => {
      ;({ id, lastPatchSeconds } = await tusUpload(base, headers, clientId, block, size, signal, progress))
      const stored = await json(await fetch(`${base}/__bench/file-transfer/stored/${id}`))
      if (stored.size !== size || stored.sha256 !== sha256) throw new Error(`tus upload stored ${stored.size} bytes with SHA-256 ${stored.sha256}, expected ${size} bytes with ${sha256}`)
      return {}
    })
    const { seconds, peakRss, rssBefore, serverCpuPercent, clientCpuPercent, peakParts, gc } = up
    return { seconds, mbPerSecond: size / MB / seconds, peakRss, rssBefore, serverCpuPercent, clientCpuPercent, peakParts, gc, lastPatchSeconds }
  } finally {
    if (id) await json(await fetch(`${base}/__bench/file-transfer/discard/${id}`, { method: 'POST' }))
  }
}

/** Upload, download (both verified), discard: one round trip of the file through a target. */
async function roundTrip(memoryBase: string, target: Target, block: Buffer, size: number, sha256: string): Promise<{ up: Transfer; down: Transfer }> {
  const up = await transfer(memoryBase, async (signal, progress) => {
    const res = await upload(target, block, size, signal, progress)
    if (res.status !== 201) throw new Error(`${target.name} upload answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`)
    if (res.body.size !== size) throw new Error(`${target.name} upload stored ${res.body.size} bytes, not ${size}`)
    if (target.name === 'portal' && res.body.sha256 !== sha256) throw new Error(`portal upload: SHA-256 ${res.body.sha256}, expected ${sha256}`)
    return { id: res.body.id as string }
  })
  try {
    const down = await transfer(memoryBase, async (signal, progress) => {
      const res = await download(target, up.id, signal, progress)
      if (res.status !== 200) throw new Error(`${target.name} download answered ${res.status}: ${res.body}`)
      if (res.size !== size || res.sha256 !== sha256) throw new Error(`${target.name} download: ${res.size} bytes with SHA-256 ${res.sha256}, expected ${size} bytes with ${sha256}`)
      return {}
    })
    const measured = ({ seconds, peakRss, rssBefore, serverCpuPercent, clientCpuPercent, peakParts, gc }: Omit<Transfer, 'mbPerSecond'>): Transfer => ({
      seconds,
      mbPerSecond: size / MB / seconds,
      peakRss,
      rssBefore,
      serverCpuPercent,
      clientCpuPercent,
      peakParts,
      gc,
    })
    return { up: measured(up), down: measured(down) }
  } finally {
    await target.discard(up.id)
  }
}

// ============================================================================================
// Results
// ============================================================================================

type Direction = 'up' | 'down'
type TargetResult = { rounds: { up: Transfer; down: Transfer }[]; failure?: string }
type Summary = {
  /** Total bytes over total seconds of all rounds, MB/s. */
  mbPerSecond: Record<Direction, number>
  /** Highest peak RSS of the bench server process over all rounds, bytes. */
  peakRss: Record<Direction, number>
  /** RSS just before the transfers (lowest over the rounds), bytes. */
  rssBefore: number
  /** CPU of the bench server and of the client (this process) during the transfers, mean over the rounds, % of one core. */
  serverCpuPercent: Record<Direction, number>
  clientCpuPercent: Record<Direction, number>
  /**
   * The bench server's CPU time per MB moved (all rounds): what a transfer costs, less
   * sensitive than throughput to other load on the machine.
   */
  serverCpuMsPerMB: Record<Direction, number>
}
/** The tus uploads (BENCH_FILE_TUS=1): one per round. */
type TusResult = { chunkBytes: number; rounds: TusTransfer[]; failure?: string; summary?: UploadSummary }
/** lastPatchSeconds: the last PATCH, which stages its chunk and turns the staged file into the document. */
type TusTransfer = Transfer & { lastPatchSeconds: number }
type UploadSummary = { mbPerSecond: number; peakRss: number; rssBefore: number; serverCpuPercent: number; clientCpuPercent: number; serverCpuMsPerMB: number }
type Result = {
  /** The bench server process before the first transfer (after boot and prepare), bytes. */
  idle: { rss: number; heapTotal: number; heapUsed: number; external: number; arrayBuffers: number }
  settings: { fileBytes: number; rounds: number; chunked: boolean; timeoutSeconds: number; abortRssBytes: number; pid: number }
  sha256: string
  portal: TargetResult & { summary?: Summary }
  bare: TargetResult & { summary?: Summary }
  tus?: TusResult
  /** tus upload / bare upload throughput over all rounds, and per round. */
  tusRatio?: number
  tusRoundRatios?: number[]
  /** portal/bare throughput over all rounds, and per round (portal and bare of a round ran back to back). */
  ratios?: Record<Direction, number>
  roundRatios?: Record<Direction, number[]>
  goals: { ratio: number; peakRssBytes: number }
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })

function summarise(t: TargetResult, size: number): Summary | undefined {
  if (!t.rounds.length) return undefined
  const rate = (d: Direction) => (size * t.rounds.length) / MB / t.rounds.reduce((sum, r) => sum + r[d].seconds, 0)
  const peak = (d: Direction) => Math.max(...t.rounds.map((r) => r[d].peakRss))
  const mean = (d: Direction, of: 'serverCpuPercent' | 'clientCpuPercent') => t.rounds.reduce((sum, r) => sum + r[d][of], 0) / t.rounds.length
  const cpuMsPerMB = (d: Direction) => (t.rounds.reduce((sum, r) => sum + r[d].serverCpuPercent * 10 * r[d].seconds, 0) / (size * t.rounds.length)) * MB
  return {
    mbPerSecond: { up: rate('up'), down: rate('down') },
    peakRss: { up: peak('up'), down: peak('down') },
    serverCpuPercent: { up: mean('up', 'serverCpuPercent'), down: mean('down', 'serverCpuPercent') },
    clientCpuPercent: { up: mean('up', 'clientCpuPercent'), down: mean('down', 'clientCpuPercent') },
    serverCpuMsPerMB: { up: cpuMsPerMB('up'), down: cpuMsPerMB('down') },
    rssBefore: Math.min(...t.rounds.flatMap((r) => [r.up.rssBefore, r.down.rssBefore])),
  }
}

function summariseUploads(rounds: Transfer[], size: number): UploadSummary | undefined {
  if (!rounds.length) return undefined
  const seconds = rounds.reduce((sum, x) => sum + x.seconds, 0)
  const mean = (of: 'serverCpuPercent' | 'clientCpuPercent') => rounds.reduce((sum, x) => sum + x[of], 0) / rounds.length
  return {
    mbPerSecond: (size * rounds.length) / MB / seconds,
    peakRss: Math.max(...rounds.map((x) => x.peakRss)),
    rssBefore: Math.min(...rounds.map((x) => x.rssBefore)),
    serverCpuPercent: mean('serverCpuPercent'),
    clientCpuPercent: mean('clientCpuPercent'),
    serverCpuMsPerMB: (rounds.reduce((sum, x) => sum + x.serverCpuPercent * 10 * x.seconds, 0) / (size * rounds.length)) * MB,
  }
}

/** The tus rows (BENCH_FILE_TUS=1), in the table's columns, and its GC and ratio lines. */
function tusLines(r: Result): string[] {
  const t = r.tus
  if (!t) return []
  const lines: string[] = []
  const size = r.settings.fileBytes
  if (t.summary) {
    const s = t.summary
    lines.push(
      `${'tus'.padEnd(8)} ${'upload'.padEnd(10)} ${fmt(s.mbPerSecond, 1).padStart(17)}  ${t.rounds.map((x) => fmt(x.mbPerSecond, 1)).join(' / ').padEnd(22)}  ` +
        `${fmt(s.peakRss / MB, 1).padStart(25)} MB  ${fmt(s.rssBefore / MB, 1).padStart(8)} MB  ${fmt(s.serverCpuPercent).padStart(7)} % / ${fmt(s.clientCpuPercent).padStart(3)} %  ${fmt(s.serverCpuMsPerMB, 2).padStart(11)} ms`,
    )
  }
  if (t.failure) lines.push(`tus: FAILED — ${t.failure}`)
  const rounds = t.rounds.filter((x) => x.peakParts && x.gc)
  if (rounds.length) {
    const max = (key: 'heapTotal' | 'heapUsed' | 'arrayBuffers') => Math.max(...rounds.map((x) => x.peakParts![key]))
    const sum = (key: keyof GcStats) => rounds.reduce((total, x) => total + x.gc![key], 0)
    lines.push(
      `portal tus upload (${fmt(t.chunkBytes / MiB, 2)} MiB PATCHes): highest V8 heap ${fmt(max('heapUsed') / MB, 1)} of ${fmt(max('heapTotal') / MB, 1)} MB, array buffers ${fmt(max('arrayBuffers') / MB, 1)} MB; ` +
        `main-thread GC per round: ${fmt(sum('scavenges') / rounds.length)} scavenges, ${fmt(sum('markCompacts') / rounds.length)} mark-compacts ` +
        `(${fmt(sum('external') / rounds.length)} for external memory; ${fmt(sum('markCompacts') / rounds.length / (size / 2 ** 30), 1)} per GiB), ${fmt(sum('ms') / rounds.length)} ms`,
    )
    lines.push(`portal tus upload: the last PATCH (its chunk, then the staged file → the document) took ${t.rounds.map((x) => `${fmt(x.lastPatchSeconds, 1)} of ${fmt(x.seconds, 1)} s`).join(' / ')}`)
  }
  if (r.tusRatio !== undefined)
    lines.push(`ratio portal tus / bare, upload: ${fmt(r.tusRatio, 3)} (per round ${r.tusRoundRatios?.map((x) => fmt(x, 2)).join(' / ')}) — target ≥ ${r.goals.ratio}: ${r.tusRatio >= r.goals.ratio ? 'met' : 'NOT MET'}`)
  return lines
}

function resultLines(r: Result): string[] {
  const lines: string[] = []
  const size = r.settings.fileBytes
  lines.push(
    `file: ${fmt(size / MiB)} MiB (${fmt(size)} bytes), SHA-256 ${r.sha256.slice(0, 16)}…, ${r.settings.chunked ? 'chunked' : 'Content-Length'} uploads, ` +
      `${r.settings.rounds} round(s) in A B B A order; MB = 10^6 bytes; bench server pid ${r.settings.pid}`,
  )
  const i = r.idle
  lines.push(
    `bench server before the first transfer: RSS ${fmt(i.rss / MB, 1)} MB (V8 heap ${fmt(i.heapUsed / MB, 1)} of ${fmt(i.heapTotal / MB, 1)} MB, ` +
      `external ${fmt(i.external / MB, 1)} MB incl. array buffers ${fmt(i.arrayBuffers / MB, 1)} MB)`,
  )
  lines.push('target   direction  MB/s (all rounds)  per round (MB/s)        peak RSS of the server process RSS before  CPU server / client  server CPU per MB')
  for (const name of ['portal', 'bare'] as const) {
    const t = r[name]
    for (const d of ['up', 'down'] as const) {
      if (!t.summary) continue
      lines.push(
        `${name.padEnd(8)} ${(d === 'up' ? 'upload' : 'download').padEnd(10)} ${fmt(t.summary.mbPerSecond[d], 1).padStart(17)}  ` +
          `${t.rounds.map((x) => fmt(x[d].mbPerSecond, 1)).join(' / ').padEnd(22)}  ${fmt(t.summary.peakRss[d] / MB, 1).padStart(25)} MB  ` +
          `${fmt(t.summary.rssBefore / MB, 1).padStart(8)} MB  ${fmt(t.summary.serverCpuPercent[d]).padStart(7)} % / ${fmt(t.summary.clientCpuPercent[d]).padStart(3)} %  ${fmt(t.summary.serverCpuMsPerMB[d], 2).padStart(11)} ms`,
      )
    }
    if (t.failure) lines.push(`${name}: FAILED — ${t.failure}`)
  }
  lines.push(...tusLines(r))
  // What the portal's peak is made of, and what its main thread spent on garbage collection.
  for (const d of ['up', 'down'] as const) {
    const rounds = r.portal.rounds.map((x) => x[d]).filter((x) => x.peakParts && x.gc)
    if (!rounds.length) continue
    const max = (key: 'heapTotal' | 'heapUsed' | 'arrayBuffers') => Math.max(...rounds.map((x) => x.peakParts![key]))
    const sum = (key: keyof GcStats) => rounds.reduce((total, x) => total + x.gc![key], 0)
    lines.push(
      `portal ${d === 'up' ? 'upload' : 'download'}: highest V8 heap ${fmt(max('heapUsed') / MB, 1)} of ${fmt(max('heapTotal') / MB, 1)} MB, array buffers ${fmt(max('arrayBuffers') / MB, 1)} MB; ` +
        `main-thread GC per round: ${fmt(sum('scavenges') / rounds.length)} scavenges, ${fmt(sum('markCompacts') / rounds.length)} mark-compacts ` +
        `(${fmt(sum('external') / rounds.length)} for external memory), ${fmt(sum('ms') / rounds.length)} ms`,
    )
  }
  if (r.ratios)
    for (const d of ['up', 'down'] as const) {
      const rounds = [...(r.roundRatios?.[d] ?? [])].sort((a, b) => a - b)
      const median = rounds.length % 2 ? rounds[rounds.length >> 1]! : (rounds[rounds.length / 2 - 1]! + rounds[rounds.length / 2]!) / 2
      lines.push(
        `ratio portal / bare, ${d === 'up' ? 'upload' : 'download'}: ${fmt(r.ratios[d], 3)} ` +
          `(per round ${r.roundRatios?.[d].map((x) => fmt(x, 2)).join(' / ')}, median ${fmt(median, 3)}) — target ≥ ${r.goals.ratio}: ${r.ratios[d] >= r.goals.ratio ? 'met' : 'NOT MET'}`,
      )
    }
  if (r.portal.summary) {
    const peak = Math.max(r.portal.summary.peakRss.up, r.portal.summary.peakRss.down)
    lines.push(
      `portal peak RSS during its transfers: ${fmt(peak / MB, 1)} MB (upload ${fmt(r.portal.summary.peakRss.up / MB, 1)}, download ${fmt(r.portal.summary.peakRss.down / MB, 1)}; ` +
        `${fmt(r.portal.summary.rssBefore / MB, 1)} MB before, growth ${fmt((peak - r.portal.summary.rssBefore) / MB, 1)} MB) — target < ${fmt(r.goals.peakRssBytes / MB)} MB: ${peak < r.goals.peakRssBytes ? 'met' : 'NOT MET'}`,
    )
  }
  return lines
}

// ============================================================================================
// The suite
// ============================================================================================

export default defineSuite<Fixture, Result>({
  name: 'file-transfer',
  description: `upload and download of a ${fmt(SIZE / MiB)} MiB file through the portal (encrypted) vs. a bare node:http server streaming the same bytes to and from disk${TUS ? ', and the upload through tus as the web app sends it' : ''}`,
  routes: benchRoutes,
  async prepare(server) {
    owner = server.owner
    const mode = process.env.BENCH_FILE_CRYPTO_WORKER
    if (mode === 'off' || mode === 'upload') setCryptoWorkerMode(mode)
    else if (mode) throw new Error('BENCH_FILE_CRYPTO_WORKER must be off or upload')
    const staff = await server.createAccount({ kind: 'staff' })
    const cookie = await server.signIn(staff.id, 'aal2')
    const [client] = await server.owner`insert into public.clients (name, created_by) values ('Bench Großakte GmbH', ${staff.id}) returning id`
    const clientId = client!.id as string
    await server.owner`insert into public.client_staff (client_id, account_id) values (${clientId}, ${staff.id})`
    const dir = path.join(server.runtime.config.DATA_DIR, 'bench-bare-files')
    await mkdir(dir, { recursive: true, mode: 0o700 })
    const bare = await startBareServer(dir)
    return { cookie, clientId, bareUrl: bare.url, pid: process.pid, barePid: bare.pid }
  },
  scenarios: () => [],
  ratios: [],
  async measure(fixture, { baseUrl }) {
    const block = makeBlock()
    const portal: Target = {
      name: 'portal',
      base: baseUrl,
      uploadPath: () => `/functions/v1/documents?${new URLSearchParams({ clientId: fixture.clientId, filename: 'bench.pdf' })}`,
      downloadPath: (id) => `/functions/v1/documents/${id}/file`,
      headers: { origin: baseUrl, cookie: fixture.cookie },
      async discard(id) {
        await json(await fetch(`${baseUrl}/__bench/file-transfer/discard/${id}`, { method: 'POST' }))
      },
    }
    const bare: Target = {
      name: 'bare',
      base: fixture.bareUrl,
      uploadPath: () => `/files/${randomUUID()}`,
      downloadPath: (id) => `/files/${id}`,
      headers: { origin: baseUrl, cookie: fixture.cookie },
      async discard(id) {
        const res = await fetch(`${fixture.bareUrl}/files/${id}`, { method: 'DELETE' })
        if (res.status !== 204) throw new Error(`bare delete answered ${res.status}`)
      },
    }
    const { rss, heapTotal, heapUsed, external, arrayBuffers } = await json(await fetch(`${baseUrl}/__bench/file-transfer/memory`))
    const result: Result = {
      idle: { rss, heapTotal, heapUsed, external, arrayBuffers },
      settings: { fileBytes: SIZE, rounds: ROUNDS, chunked: CHUNKED, timeoutSeconds: TIMEOUT_MS / 1000, abortRssBytes: ABORT_RSS, pid: fixture.pid },
      sha256: sha256Of(block, SIZE),
      portal: { rounds: [] },
      bare: { rounds: [] },
      goals: { ratio: GOALS.ratio, peakRssBytes: GOALS.peakRss },
      ...(TUS ? { tus: { chunkBytes: TUS_CHUNK, rounds: [] } } : {}),
    }
    const tus = result.tus
    const tusThrough = (size: number, sha256: string) => tusRound(baseUrl, portal.headers, fixture.clientId, block, size, sha256)
    process.stderr.write(`  file-transfer: warm-up (${fmt(WARMUP_SIZE / MiB)} MiB through both) …\n`)
    const warmupSha = sha256Of(block, WARMUP_SIZE)
    for (const t of [bare, portal]) await roundTrip(t.base, t, block, WARMUP_SIZE, warmupSha).catch((err: Error) => (result[t.name].failure = `warm-up: ${err.message}`))
    if (tus) await tusThrough(WARMUP_SIZE, warmupSha).catch((err: Error) => (tus.failure = `warm-up: ${err.message}`))
    for (let round = 0; round < ROUNDS; round++) {
      for (const t of round % 2 === 0 ? [bare, portal, 'tus' as const] : ['tus' as const, portal, bare]) {
        if (t === 'tus') {
          if (!tus || tus.failure) continue
          process.stderr.write(`  file-transfer: round ${round + 1}/${ROUNDS} tus (${fmt(SIZE / MiB)} MiB up in ${fmt(TUS_CHUNK / MiB, 2)} MiB PATCHes) …\n`)
          try {
            tus.rounds.push(await tusThrough(SIZE, result.sha256))
          } catch (err) {
            tus.failure = (err as Error).message
          }
          continue
        }
        if (result[t.name].failure) continue
        process.stderr.write(`  file-transfer: round ${round + 1}/${ROUNDS} ${t.name} (${fmt(SIZE / MiB)} MiB up and down) …\n`)
        try {
          result[t.name].rounds.push(await roundTrip(t.base, t, block, SIZE, result.sha256))
        } catch (err) {
          result[t.name].failure = (err as Error).message
        }
      }
    }
    result.portal.summary = summarise(result.portal, SIZE)
    result.bare.summary = summarise(result.bare, SIZE)
    if (result.portal.summary && result.bare.summary) {
      result.ratios = {
        up: result.portal.summary.mbPerSecond.up / result.bare.summary.mbPerSecond.up,
        down: result.portal.summary.mbPerSecond.down / result.bare.summary.mbPerSecond.down,
      }
      const paired = Math.min(result.portal.rounds.length, result.bare.rounds.length)
      const perRound = (d: Direction) => result.portal.rounds.slice(0, paired).map((p, i) => p[d].mbPerSecond / result.bare.rounds[i]![d].mbPerSecond)
      result.roundRatios = { up: perRound('up'), down: perRound('down') }
    }
    if (tus) {
      tus.summary = summariseUploads(tus.rounds, SIZE)
      if (tus.summary && result.bare.summary) {
        result.tusRatio = tus.summary.mbPerSecond / result.bare.summary.mbPerSecond.up
        result.tusRoundRatios = tus.rounds.slice(0, result.bare.rounds.length).map((x, i) => x.mbPerSecond / result.bare.rounds[i]!.up.mbPerSecond)
      }
    }
    if (result.portal.failure || result.bare.failure || tus?.failure) throw new Error(['a transfer failed; measured so far:', ...resultLines(result)].join('\n'))
    return result
  },
  report(_fixture, _measured, result) {
    if (!result) return { lines: ['no result'] }
    return { lines: resultLines(result), data: result }
  },
})
