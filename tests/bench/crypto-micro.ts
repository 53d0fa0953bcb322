// Focused measurement of the file-body crypto path without HTTP: writeEncryptedFile from memory
// into a local store and readEncryptedFile back to nothing, with the crypto worker on and off.
// Prints MB/s (wall), CPU of the whole process and of the main thread per MB.
// Run: npx tsx tests/bench/crypto-micro.ts [MiB] (default 256)
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { setCryptoWorkerMode } from '../../functions/_shared/blob/crypto-worker.ts'
import { readEncryptedFile, writeEncryptedFile } from '../../functions/_shared/blob/encrypted-file.ts'
import { localDiskStore } from '../../functions/_shared/blob/store.ts'

const MiB = 2 ** 20
const size = Number(process.argv[2] ?? 256) * MiB
const block = randomBytes(MiB)
/** Main-thread CPU in ms (Linux: /proc/self/task/<pid>/stat; clock ticks of 10 ms). */
const mainCpu = () => {
  const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(f[11]) + Number(f[12])) * 10
}
function* body() {
  // 64 KiB pieces, as a socket delivers them.
  for (let sent = 0; sent < size; sent += 64 * 1024) yield block.subarray(sent % MiB, (sent % MiB) + 64 * 1024)
}
async function measure(name: string, run: () => Promise<void>) {
  const t0 = performance.now()
  const c0 = process.cpuUsage()
  const m0 = mainCpu()
  await run()
  const ms = performance.now() - t0
  const c = process.cpuUsage(c0)
  const MB = size / 1e6
  console.log(`${name.padEnd(24)} ${(MB / (ms / 1000)).toFixed(0).padStart(5)} MB/s  process ${((c.user + c.system) / 1000 / MB).toFixed(2)} ms/MB  main thread ${((mainCpu() - m0) / MB).toFixed(2)} ms/MB`)
}
const root = await mkdtemp(path.join(tmpdir(), 'crypto-micro-'))
const store = localDiskStore(root)
const master = randomBytes(32)
try {
  for (const worker of ['upload', 'off', 'upload', 'off'] as const) {
    setCryptoWorkerMode(worker)
    let file!: Awaited<ReturnType<typeof writeEncryptedFile>>
    await measure(`write, worker ${worker}`, async () => {
      file = await writeEncryptedFile(store, master, Readable.from(body()), Infinity)
    })
    await measure(`read, worker ${worker}`, async () => {
      await pipeline(await readEncryptedFile(store, master, file), new Writable({ write: (_c, _e, done) => done() }))
    })
    await store.delete(file.blobName)
  }
} finally {
  await rm(root, { recursive: true, force: true })
}
