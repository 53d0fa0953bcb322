// The file-transfer benchmark's baseline (file-transfer.bench.ts) in a process of its own: a bare
// node:http server that streams a request body to a file and the file back, plus the same memory
// routes as the portal's bench server, so the baseline's buffers never count towards the portal's
// memory. Started by the bench server (fork, IPC): argv[2] is the directory for the files; it
// answers { url } over IPC and ends with its parent.
import { createReadStream, createWriteStream, readFileSync, writeFileSync } from 'node:fs'
import { rm, stat } from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'

const dir = process.argv[2]!
let sampledPeak = 0
let cpu = process.cpuUsage()
let since = performance.now()
const sample = () => {
  const rss = process.memoryUsage.rss()
  if (rss > sampledPeak) sampledPeak = rss
  return rss
}
setInterval(sample, 50).unref()
const hwm = () => {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]
    return kb ? Number(kb) * 1024 : undefined
  } catch {
    return undefined
  }
}

const server = http.createServer((req, res) => {
  const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
  if (req.url === '/__bench/file-transfer/memory/reset' && req.method === 'POST') {
    try {
      writeFileSync('/proc/self/clear_refs', '5')
    } catch {
      // Not Linux: the sampled peak alone.
    }
    sampledPeak = 0
    cpu = process.cpuUsage()
    since = performance.now()
    return json(200, { rss: sample() })
  }
  if (req.url === '/__bench/file-transfer/memory') {
    const rss = sample()
    const used = process.cpuUsage(cpu)
    const peak = Math.max(sampledPeak, hwm() ?? 0)
    return json(200, { rss, peak, cpuPercent: (100 * (used.user + used.system)) / 1000 / (performance.now() - since) })
  }
  const name = /^\/files\/([0-9a-f-]{36})$/.exec(req.url ?? '')?.[1]
  if (!name) return void res.writeHead(404).end()
  const file = path.join(dir, name)
  const fail = (err: unknown) => {
    if (!res.headersSent) res.writeHead(500).end(String(err))
    else res.destroy()
  }
  if (req.method === 'POST')
    pipeline(req, createWriteStream(file, { flags: 'wx', mode: 0o600 }))
      .then(() => stat(file))
      .then(({ size }) => json(201, { id: name, size }), fail)
  else if (req.method === 'GET')
    stat(file)
      .then(({ size }) => {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(size) })
        return pipeline(createReadStream(file), res)
      })
      .catch(fail)
  else if (req.method === 'DELETE') rm(file, { force: true }).then(() => res.writeHead(204).end(), fail)
  else res.writeHead(405).end()
})
server.listen(0, '127.0.0.1', () => process.send?.({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }))
process.on('disconnect', () => process.exit(0))
