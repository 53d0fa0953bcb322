// npm run bench [-- <file-name words>]: runs every tests/bench/*.bench.ts (see harness.ts) against
// one bench server process and prints throughput, latency and the ratios each suite asks for.
// Ratios are what to compare between runs and machines; absolute numbers depend on the machine.
//
// Environment: BENCH_SECONDS (measured seconds per scenario, default 10), BENCH_ROUNDS (the
// measured time is split into rounds in A B B A order against drift, default 2),
// BENCH_WARMUP_SECONDS (per scenario, default 2), BENCH_CONNECTIONS (default 32),
// BENCH_FILTER (comma-separated words, like the arguments).
import autocannon, { type Result } from 'autocannon'
import { fork, type ChildProcess } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadSuites, type BenchSuite, type Scenario, type ServerMessage } from './harness.ts'

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, '..', '..')

function numberFromEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number ≥ ${min} (got "${raw}")`)
  return value
}

const settings = {
  seconds: numberFromEnv('BENCH_SECONDS', 10, 1),
  rounds: Math.floor(numberFromEnv('BENCH_ROUNDS', 2, 1)),
  warmupSeconds: numberFromEnv('BENCH_WARMUP_SECONDS', 2, 0),
  connections: Math.floor(numberFromEnv('BENCH_CONNECTIONS', 32, 1)),
}
const filter = [...process.argv.slice(2), ...(process.env.BENCH_FILTER ?? '').split(',')].map((w) => w.trim()).filter(Boolean)

type Measured = {
  name: string
  description: string
  requestsPerSecond: number
  latencyMs: { p50: number; p99: number; mean: number; max: number }
  requests: number
  seconds: number
  rounds: { requestsPerSecond: number; p50: number; p99: number; requests: number; seconds: number }[]
}

function startServer(suiteFilter: string[]): Promise<{ child: ChildProcess; ready: Extract<ServerMessage, { type: 'ready' }> }> {
  const child = fork(path.join(here, 'server.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_SUITES: JSON.stringify(suiteFilter), BENCH_CONNECTIONS: String(settings.connections) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the bench server did not become ready within 180 s')), 180_000)
    child.on('message', (message: ServerMessage) => {
      clearTimeout(timer)
      if (message.type === 'ready') resolve({ child, ready: message })
      else reject(new Error(`the bench server failed:\n${message.error}`))
    })
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`the bench server exited early (${signal ?? code})`))
    })
  })
}

function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.once('exit', () => {
      clearTimeout(kill)
      resolve()
    })
    if (child.connected) child.send({ type: 'stop' })
    else child.kill('SIGTERM')
  })
}

/** One request first, so a broken scenario fails with its answer instead of a flood of non-2xx. */
async function probe(baseUrl: string, scenario: Scenario) {
  const res = await fetch(baseUrl + scenario.path, {
    method: scenario.method ?? 'GET',
    headers: { ...scenario.headers, ...scenario.connectionHeaders?.[0] },
    body: scenario.body,
  })
  const text = await res.text()
  if (res.status < 200 || res.status >= 300)
    throw new Error(`scenario ${scenario.name}: ${scenario.method ?? 'GET'} ${scenario.path} answered ${res.status}: ${text.slice(0, 500)}`)
}

/** Waits until the server has answered every request of the previous run. */
async function drain(baseUrl: string) {
  const res = await fetch(`${baseUrl}/__bench/idle`)
  const { drained } = (await res.json()) as { drained: boolean }
  if (!drained) throw new Error('the bench server still had requests in flight 10 s after a run')
}

async function load(baseUrl: string, scenario: Scenario, seconds: number): Promise<Result> {
  let connection = 0
  const perConnection = scenario.connectionHeaders
  const result = await autocannon({
    url: baseUrl + scenario.path,
    method: scenario.method ?? 'GET',
    headers: scenario.headers,
    body: scenario.body,
    connections: settings.connections,
    duration: seconds,
    timeout: 30,
    setupClient: perConnection?.length
      ? (client) => client.setHeaders({ ...scenario.headers, ...perConnection[connection++ % perConnection.length] })
      : undefined,
  })
  await drain(baseUrl)
  const failed = result.non2xx + result.errors + result.timeouts + result.resets
  if (failed > 0) {
    const codes = Object.entries(result.statusCodeStats).map(([code, { count }]) => `${code}×${count}`).join(', ')
    throw new Error(
      `scenario ${scenario.name}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts, ` +
        `${result.resets} resets (status codes: ${codes}) — every response must be 2xx`,
    )
  }
  return result
}

async function runSuite(suite: BenchSuite, baseUrl: string, fixture: unknown): Promise<Measured[]> {
  const scenarios = suite.scenarios(fixture)
  for (const scenario of scenarios) await probe(baseUrl, scenario)
  if (settings.warmupSeconds > 0) for (const scenario of scenarios) await load(baseUrl, scenario, settings.warmupSeconds)
  const roundSeconds = settings.seconds / settings.rounds
  const results = new Map<string, Result[]>(scenarios.map((s) => [s.name, []]))
  for (let round = 0; round < settings.rounds; round++) {
    const order = round % 2 === 0 ? scenarios : [...scenarios].reverse()
    for (const scenario of order) {
      process.stderr.write(`  ${suite.name}: round ${round + 1}/${settings.rounds} ${scenario.name} …\n`)
      results.get(scenario.name)!.push(await load(baseUrl, scenario, roundSeconds))
    }
  }
  return scenarios.map((scenario) => {
    const runs = results.get(scenario.name)!
    const requests = runs.reduce((sum, r) => sum + r.requests.total, 0)
    const seconds = runs.reduce((sum, r) => sum + r.duration, 0)
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length
    return {
      name: scenario.name,
      description: scenario.description,
      requestsPerSecond: requests / seconds,
      // Percentiles per round, averaged over the rounds (max is the worst single request).
      latencyMs: {
        p50: mean(runs.map((r) => r.latency.p50)),
        p99: mean(runs.map((r) => r.latency.p99)),
        mean: mean(runs.map((r) => r.latency.mean)),
        max: Math.max(...runs.map((r) => r.latency.max)),
      },
      requests,
      seconds,
      rounds: runs.map((r) => ({
        requestsPerSecond: r.requests.total / r.duration,
        p50: r.latency.p50,
        p99: r.latency.p99,
        requests: r.requests.total,
        seconds: r.duration,
      })),
    }
  })
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')).join('\n')
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })

async function main() {
  const suites = await loadSuites(filter)
  if (!suites.length) throw new Error(`no benchmark matches ${filter.join(', ')} (tests/bench/*.bench.ts)`)
  console.log(
    `bench: ${suites.map((s) => s.suite.name).join(', ')} — ${settings.connections} connections, ` +
      `${settings.seconds} s per scenario in ${settings.rounds} round(s) after ${settings.warmupSeconds} s warm-up`,
  )
  const { child, ready } = await startServer(filter)
  let failed = false
  try {
    const environment = {
      node: process.version,
      postgres: ready.postgres,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      platform: `${os.platform()} ${os.release()}`,
    }
    console.log(`environment: Node ${environment.node}, PostgreSQL ${environment.postgres} (embedded), ${environment.cpus} CPUs (${environment.cpuModel})\n`)
    for (const { file, suite } of suites) {
      let measured: Measured[]
      try {
        measured = await runSuite(suite, ready.baseUrl, ready.fixtures[suite.name])
      } catch (err) {
        failed = true
        console.error(`\n✗ ${suite.name} (${file}) FAILED: ${err instanceof Error ? err.message : err}\n`)
        continue
      }
      const byName = new Map(measured.map((m) => [m.name, m]))
      const ratios = suite.ratios.map(([a, b]) => {
        const ma = byName.get(a)
        const mb = byName.get(b)
        if (!ma || !mb) throw new Error(`${suite.name}: ratio ${a}/${b} names an unknown scenario`)
        return { numerator: a, denominator: b, throughput: ma.requestsPerSecond / mb.requestsPerSecond, p50: ma.latencyMs.p50 / mb.latencyMs.p50 }
      })
      console.log(`\n${suite.name}: ${suite.description}`)
      console.log(
        table([
          ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'requests'],
          ...measured.map((m) => [m.name, fmt(m.requestsPerSecond), fmt(m.latencyMs.p50, 1), fmt(m.latencyMs.p99, 1), fmt(m.requests)]),
        ]),
      )
      for (const r of ratios)
        console.log(`ratio ${r.numerator} / ${r.denominator}: throughput ${fmt(r.throughput, 3)}, p50 latency ${fmt(r.p50, 2)}×`)
      const out = path.join(root, 'bench-results')
      await mkdir(out, { recursive: true })
      const stamp = new Date().toISOString().replace(/[:.]/g, '-')
      const resultFile = path.join(out, `${suite.name}-${stamp}.json`)
      const report = { suite: suite.name, description: suite.description, date: new Date().toISOString(), settings, environment, scenarios: measured, ratios }
      await writeFile(resultFile, JSON.stringify(report, null, 2) + '\n')
      console.log(`results: ${path.relative(root, resultFile)}`)
    }
  } finally {
    await stopServer(child)
  }
  if (failed) {
    console.error('\nbench FAILED (see above)')
    process.exit(1)
  }
}

main().catch((err) => {
  console.error(`bench FAILED: ${err instanceof Error ? (err.stack ?? err.message) : err}`)
  process.exit(1)
})
