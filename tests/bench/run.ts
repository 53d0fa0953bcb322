// npm run bench [-- <file-name words>]: runs every tests/bench/*.bench.ts (see harness.ts) against
// one bench server process and prints throughput, latency and the ratios each suite asks for.
// Ratios are what to compare between runs and machines; absolute numbers depend on the machine.
// A scenario with background load (harness.ts: Scenario.background) starts a second autocannon
// instance just before its measurement and stops it right after; the background's answers are
// counted by status (only its expectedStatuses are allowed) and the server is drained before the
// next run.
//
// Environment: BENCH_SECONDS (measured seconds per scenario, default 10), BENCH_ROUNDS (the
// measured time is split into rounds in A B B A order against drift, default 2),
// BENCH_WARMUP_SECONDS (per scenario, default 2), BENCH_CONNECTIONS (default 32),
// BENCH_FILTER (comma-separated words, like the arguments), BENCH_SERVER_NODE_ARGS (extra Node
// options for the bench server process, space-separated, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof",
// after the product's own flags from npm start, which the bench server always runs with).
import autocannon, { type Options, type Result } from 'autocannon'
import { fork, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadSuites, type BackgroundLoad, type BenchSuite, type Load, type LoadStats, type Measured, type Scenario, type ServerMessage } from './harness.ts'

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

/**
 * The Node flags the product runs with: `npm start` is `node <flags> --import tsx …` (package.json),
 * and the bench server, which measures the product's memory and speed, runs with the same.
 */
export function productNodeFlags(): string[] {
  const start = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start ?? ''
  const match = /^node((?: --[\w-]+(?:=\S+)?)*) --import tsx /.exec(start)
  if (!match) throw new Error(`package.json's start script is not "node [flags] --import tsx …" (got "${start}"): the bench server cannot take the product's Node flags`)
  return match[1]!.split(' ').filter(Boolean)
}

function startServer(suiteFilter: string[], readySeconds: number): Promise<{ child: ChildProcess; ready: Extract<ServerMessage, { type: 'ready' }> }> {
  const child = fork(path.join(here, 'server.ts'), [], {
    execArgv: [...productNodeFlags(), '--import', 'tsx', ...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean)],
    env: { ...process.env, BENCH_SUITES: JSON.stringify(suiteFilter), BENCH_CONNECTIONS: String(settings.connections) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bench server did not become ready within ${readySeconds} s`)), readySeconds * 1000)
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

const bodyOf = (load: Load) => (typeof load.body === 'function' ? load.body() : load.body)

/** One request first, so a broken scenario fails with its answer instead of a flood of non-2xx. */
async function probe(baseUrl: string, name: string, load: Load, expected?: number[]) {
  const res = await fetch(baseUrl + load.path, {
    method: load.method ?? 'GET',
    headers: { ...load.headers, ...load.connectionHeaders?.[0] },
    body: bodyOf(load),
  })
  const text = await res.text()
  if (expected ? !expected.includes(res.status) : res.status < 200 || res.status >= 300)
    throw new Error(
      `scenario ${name}: ${load.method ?? 'GET'} ${load.path} answered ${res.status} ` +
        `(expected ${expected?.join(' or ') ?? '2xx'}): ${text.slice(0, 500)}`,
    )
}

/** Waits until the server has answered every request of the previous run. */
async function drain(baseUrl: string, seconds: number) {
  const res = await fetch(`${baseUrl}/__bench/idle?seconds=${seconds}`)
  const { drained } = (await res.json()) as { drained: boolean }
  if (!drained) throw new Error(`the bench server still had requests in flight ${seconds} s after a run`)
}

function autocannonOptions(baseUrl: string, load: Load, duration: number, timeout: number): Options {
  let connection = 0
  const perConnection = load.connectionHeaders
  const body = load.body
  return {
    url: baseUrl + load.path,
    method: load.method ?? 'GET',
    headers: load.headers,
    body: typeof body === 'string' ? body : undefined,
    connections: load.connections ?? settings.connections,
    duration,
    timeout,
    // A body function is asked for every request (autocannon rebuilds requests with setupRequest).
    requests: typeof body === 'function' ? [{ setupRequest: (request) => ({ ...request, body: body() }) }] : undefined,
    setupClient: perConnection?.length
      ? (client) => client.setHeaders({ ...load.headers, ...perConnection[connection++ % perConnection.length] })
      : undefined,
  }
}

const codesOf = (result: Result) => Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]))
const codesText = (codes: Record<string, number>) => Object.entries(codes).map(([code, count]) => `${code}×${count}`).join(', ') || 'none'
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Runs a scenario for `seconds` (with its background load around it) and checks the answers. */
async function load(baseUrl: string, scenario: Scenario, seconds: number): Promise<{ result: Result; background?: Result }> {
  const bg: BackgroundLoad | undefined = scenario.background
  // The background instance gets a long duration and is stopped explicitly after the measurement.
  const flood = bg ? autocannon(autocannonOptions(baseUrl, bg, seconds + 600, bg.timeoutSeconds ?? 120)) : undefined
  let measured: Result | Error
  try {
    if (bg) await sleep((bg.settleSeconds ?? 1) * 1000)
    measured = await autocannon(autocannonOptions(baseUrl, scenario, seconds, 30))
  } catch (err) {
    measured = err instanceof Error ? err : new Error(String(err))
  }
  // Even when the measurement failed: stop the background and let the server answer its queue.
  flood?.stop()
  const background = flood ? await flood : undefined
  await drain(baseUrl, bg ? (bg.drainSeconds ?? 180) : 10)
  if (measured instanceof Error) throw measured
  const result = measured
  const failed = result.non2xx + result.errors + result.timeouts + result.resets
  if (failed > 0) {
    throw new Error(
      `scenario ${scenario.name}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts, ` +
        `${result.resets} resets (status codes: ${codesText(codesOf(result))}) — every response must be 2xx`,
    )
  }
  if (bg && background) {
    const codes = codesOf(background)
    const unexpected = Object.keys(codes).filter((code) =>
      bg.expectedStatuses ? !bg.expectedStatuses.includes(Number(code)) : Number(code) < 200 || Number(code) >= 300,
    )
    if (unexpected.length || background.errors || background.timeouts || background.resets)
      throw new Error(
        `scenario ${scenario.name}, background ${bg.method ?? 'GET'} ${bg.path}: status codes ${codesText(codes)} ` +
          `(expected ${bg.expectedStatuses?.join(', ') ?? '2xx'}), ${background.errors} errors, ` +
          `${background.timeouts} timeouts, ${background.resets} resets`,
      )
  }
  return { result, background }
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length

/** Requests, rate and latency over several runs of one load (percentiles averaged over the runs). */
function stats(runs: Result[], connections: number): LoadStats {
  const requests = runs.reduce((sum, r) => sum + r.requests.total, 0)
  const seconds = runs.reduce((sum, r) => sum + r.duration, 0)
  return {
    connections,
    requestsPerSecond: requests / seconds,
    latencyMs: {
      p50: mean(runs.map((r) => r.latency.p50)),
      p99: mean(runs.map((r) => r.latency.p99)),
      mean: mean(runs.map((r) => r.latency.mean)),
      max: Math.max(...runs.map((r) => r.latency.max)),
    },
    requests,
    seconds,
  }
}

async function runSuite(suite: BenchSuite, baseUrl: string, fixture: unknown): Promise<{ measured: Measured[]; custom: unknown }> {
  const measured = await runScenarios(suite, baseUrl, fixture)
  // A suite's own measurement from this process (e.g. streaming large bodies), after the scenarios.
  const custom = suite.measure ? await suite.measure(fixture, { baseUrl }) : undefined
  return { measured, custom }
}

async function runScenarios(suite: BenchSuite, baseUrl: string, fixture: unknown): Promise<Measured[]> {
  const scenarios = suite.scenarios(fixture, { baseUrl })
  // A database-level suite measured in prepare(), a streaming one measures in measure(): nothing for autocannon.
  if (!scenarios.length) return []
  for (const scenario of scenarios) {
    await probe(baseUrl, scenario.name, scenario)
    if (scenario.background) await probe(baseUrl, scenario.name, scenario.background, scenario.background.expectedStatuses)
  }
  if (settings.warmupSeconds > 0) for (const scenario of scenarios) await load(baseUrl, scenario, settings.warmupSeconds)
  const roundSeconds = settings.seconds / settings.rounds
  const results = new Map<string, { result: Result; background?: Result }[]>(scenarios.map((s) => [s.name, []]))
  for (let round = 0; round < settings.rounds; round++) {
    const order = round % 2 === 0 ? scenarios : [...scenarios].reverse()
    for (const scenario of order) {
      process.stderr.write(`  ${suite.name}: round ${round + 1}/${settings.rounds} ${scenario.name} …\n`)
      results.get(scenario.name)!.push(await load(baseUrl, scenario, roundSeconds))
    }
  }
  return scenarios.map((scenario): Measured => {
    const runs = results.get(scenario.name)!.map((r) => r.result)
    const bg = scenario.background
    const bgRuns = results.get(scenario.name)!.flatMap((r) => (r.background ? [r.background] : []))
    const statusCodes: Record<string, number> = {}
    for (const run of bgRuns) for (const [code, count] of Object.entries(codesOf(run))) statusCodes[code] = (statusCodes[code] ?? 0) + count
    return {
      name: scenario.name,
      description: scenario.description,
      ...stats(runs, scenario.connections ?? settings.connections),
      rounds: runs.map((r) => ({
        requestsPerSecond: r.requests.total / r.duration,
        p50: r.latency.p50,
        p99: r.latency.p99,
        requests: r.requests.total,
        seconds: r.duration,
      })),
      background:
        bg && bgRuns.length
          ? {
              description: bg.description,
              method: bg.method ?? 'GET',
              path: bg.path,
              ...stats(bgRuns, bg.connections),
              statusCodes,
              errors: bgRuns.reduce((sum, r) => sum + r.errors, 0),
              timeouts: bgRuns.reduce((sum, r) => sum + r.timeouts, 0),
            }
          : undefined,
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
  // Start-up allowance: 180 s, plus what suites that generate large data sets ask for.
  const readySeconds = 180 + suites.reduce((sum, { suite }) => sum + (suite.prepareSeconds ?? 0), 0)
  const { child, ready } = await startServer(filter, readySeconds)
  let failed = false
  try {
    const environment = {
      node: process.version,
      postgres: ready.postgres,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      platform: `${os.platform()} ${os.release()}`,
      serverNodeFlags: [...productNodeFlags(), ...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean)],
    }
    console.log(`environment: Node ${environment.node} (server flags: ${environment.serverNodeFlags.join(' ') || 'none'}), PostgreSQL ${environment.postgres} (embedded), ${environment.cpus} CPUs (${environment.cpuModel})\n`)
    for (const { file, suite } of suites) {
      let measured: Measured[]
      let custom: unknown
      try {
        ;({ measured, custom } = await runSuite(suite, ready.baseUrl, ready.fixtures[suite.name]))
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
        return {
          numerator: a,
          denominator: b,
          throughput: ma.requestsPerSecond / mb.requestsPerSecond,
          p50: ma.latencyMs.p50 / mb.latencyMs.p50,
          p99: ma.latencyMs.p99 / mb.latencyMs.p99,
        }
      })
      const extra = suite.report?.(ready.fixtures[suite.name], measured, custom)
      console.log(`\n${suite.name}: ${suite.description}`)
      if (measured.length)
        console.log(
          table([
            ['scenario', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'requests'],
            ...measured.map((m) => [m.name, String(m.connections), fmt(m.requestsPerSecond), fmt(m.latencyMs.p50, 1), fmt(m.latencyMs.p99, 1), fmt(m.requests)]),
          ]),
        )
      for (const m of measured) {
        const bg = m.background
        if (!bg) continue
        console.log(
          `background of ${m.name}: ${bg.connections} connections ${bg.method} ${bg.path} (${bg.description}) — ` +
            `${fmt(bg.requests)} answered (${codesText(bg.statusCodes)}), ${fmt(bg.requestsPerSecond, 1)}/s, ` +
            `p50 ${fmt(bg.latencyMs.p50)} ms, p99 ${fmt(bg.latencyMs.p99)} ms`,
        )
      }
      for (const r of ratios)
        console.log(
          `ratio ${r.numerator} / ${r.denominator}: throughput ${fmt(r.throughput, 3)}, ` +
            `p50 latency ${fmt(r.p50, 2)}×, p99 latency ${fmt(r.p99, 2)}×`,
        )
      for (const line of extra?.lines ?? []) console.log(line)
      const out = path.join(root, 'bench-results')
      await mkdir(out, { recursive: true })
      const stamp = new Date().toISOString().replace(/[:.]/g, '-')
      const resultFile = path.join(out, `${suite.name}-${stamp}.json`)
      const report = { suite: suite.name, description: suite.description, date: new Date().toISOString(), settings, environment, scenarios: measured, ratios, report: extra?.data }
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
