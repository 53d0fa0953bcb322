import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Hono } from 'hono'
import type postgres from 'postgres'
import type { Db } from '../../functions/_shared/db.ts'
import type { Runtime } from '../../functions/_shared/runtime.ts'

/**
 * Benchmarks: each tests/bench/<name>.bench.ts default-exports a BenchSuite. `npm run bench`
 * (tests/bench/run.ts) starts ONE bench server process (tests/bench/server.ts: embedded
 * PostgreSQL in a temp directory, the product's gateway, plus every suite's bench-only routes),
 * lets each suite prepare its fixtures there, then drives the scenarios over real HTTP with
 * autocannon from the parent process and prints ratios measured in the same run. Scenarios run
 * one after another; a scenario may bring unmeasured background load that runs during its
 * measurement (Scenario.background, e.g. a flood of sign-ins while an unrelated endpoint is timed).
 * A database-level suite (item-listing.bench.ts) measures in prepare() instead, may add databases
 * to the cluster (BenchServer.createDatabase), and prints its numbers through report() alone.
 * A suite whose load autocannon cannot drive (file-transfer.bench.ts: streaming a 1 GiB body up
 * and down) measures from the parent process in measure() and prints through report().
 */

/** A further database in the bench server's embedded cluster, migrated like the main one. */
export type BenchDatabase = {
  name: string
  /** Superuser URL of this database (e.g. for a connection with its own options). */
  ownerUrl: string
  /** Superuser connection to this database, for fixtures. */
  owner: postgres.Sql
  /** The application's pool on this database (login role authenticator, as runtime.db). */
  db: Db
}

/** What a suite gets in the bench server process (where the database and the gateway live). */
export type BenchServer = {
  runtime: Runtime
  /** Superuser connection to the bench database, for fixtures. */
  owner: postgres.Sql
  /** Superuser URL of the bench database (e.g. for a connection with its own options). */
  ownerUrl: string
  /**
   * Creates and migrates (bootstrap, migrations, policies) a further database in the same
   * cluster, e.g. a second data set to compare with; closed and removed with the bench server.
   */
  createDatabase(name: string): Promise<BenchDatabase>
  /** How many connections autocannon will open (e.g. to create one session per connection). */
  connections: number
  /** Creates an account directly in SQL (as tests/helpers/personas.ts does). */
  createAccount(options?: { kind?: 'staff' | 'client' | 'external'; admin?: boolean; email?: string }): Promise<{ id: string; email: string }>
  /** Opens a session (aal2 unless said otherwise) and returns the Cookie header value. */
  signIn(accountId: string, aal?: 'aal1' | 'aal2'): Promise<string>
}

/** What autocannon sends on every connection of a load. */
export type Load = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  path: string
  headers?: Record<string, string>
  /** The body; a function is called for every request (e.g. a new e-mail address each time). */
  body?: string | (() => string)
  /** Headers per connection (index 0 … connections-1), e.g. a session cookie each. */
  connectionHeaders?: Record<string, string>[]
  /** How many connections (default BENCH_CONNECTIONS). */
  connections?: number
}

/**
 * Load that runs concurrently with a scenario's measurement, unmeasured: a second autocannon
 * instance starts settleSeconds before the measured one and is stopped right after it; then the
 * harness waits (up to drainSeconds) until the server has answered everything still queued.
 * Its answers are counted by status and reported next to the scenario.
 */
export type BackgroundLoad = Load & {
  description: string
  connections: number
  /** Statuses the background load is expected to get (default: any 2xx); anything else fails the run. */
  expectedStatuses?: number[]
  /** Head start before the measurement begins, so the load is already in full swing (default 1). */
  settleSeconds?: number
  /** autocannon's per-request timeout for the background load (default 120: it may queue). */
  timeoutSeconds?: number
  /** How long the server may take to answer what is still queued after the run (default 180). */
  drainSeconds?: number
}

/** One load pattern, measured for BENCH_SECONDS; every measured response must be 2xx. */
export type Scenario = Load & {
  name: string
  description: string
  /** Unmeasured load running at the same time (see BackgroundLoad). */
  background?: BackgroundLoad
}

/** What scenarios() may use besides the fixture. */
export type ScenarioContext = {
  /** e.g. http://127.0.0.1:41234 — also the Origin the API expects on state-changing requests. */
  baseUrl: string
}

/** Latency percentiles are per round, averaged over the rounds (max is the worst single request). */
export type LoadStats = {
  connections: number
  requestsPerSecond: number
  latencyMs: { p50: number; p99: number; mean: number; max: number }
  /** Answered requests. */
  requests: number
  seconds: number
}

export type Measured = LoadStats & {
  name: string
  description: string
  rounds: { requestsPerSecond: number; p50: number; p99: number; requests: number; seconds: number }[]
  /** The background load over all measured rounds, when the scenario has one. */
  background?: LoadStats & {
    description: string
    method: string
    path: string
    statusCodes: Record<string, number>
    errors: number
    timeouts: number
  }
}

/**
 * A suite may measure in the database only (no HTTP): it does its work in prepare(), returns no
 * scenarios and no ratios, and prints its numbers through report().
 */
export type BenchSuite<Fixture = unknown, Custom = unknown> = {
  name: string
  description: string
  /**
   * How many seconds prepare() may take beyond the bench server's usual start-up allowance
   * (180 s), for suites that generate large data sets or measure in prepare().
   */
  prepareSeconds?: number
  /** Bench-only routes, mounted in the bench server before the gateway (never in the product). */
  routes?(app: Hono, runtime: () => Runtime): void
  /** Runs in the bench server after boot; the (JSON) result is handed to scenarios(). */
  prepare?(server: BenchServer): Promise<Fixture>
  scenarios(fixture: Fixture, context: ScenarioContext): Scenario[]
  /** Ratios to report, [numerator, denominator] by scenario name (throughput, p50 and p99 of A / B). */
  ratios: [string, string][]
  /**
   * Measures in the parent process (run.ts) after the scenarios, over real HTTP against
   * context.baseUrl, for loads autocannon cannot drive (e.g. streaming large bodies). Its (JSON)
   * result is handed to report(); a thrown error fails the suite.
   */
  measure?(fixture: Fixture, context: ScenarioContext): Promise<Custom>
  /** Further lines to print after the table, and data for the JSON result (e.g. measured in prepare or measure). */
  report?(fixture: Fixture, measured: Measured[], custom: Custom | undefined): { lines: string[]; data?: unknown }
}

export function defineSuite<Fixture, Custom = unknown>(suite: BenchSuite<Fixture, Custom>): BenchSuite<Fixture, Custom> {
  return suite
}

/** Messages between run.ts and server.ts. */
export type ServerMessage =
  | { type: 'ready'; baseUrl: string; postgres: string; fixtures: Record<string, unknown> }
  | { type: 'failed'; error: string }

/**
 * The suites to run: every tests/bench/*.bench.ts in name order, or only those whose file name
 * contains one of the filter words (`npm run bench -- session`, or BENCH_FILTER=session).
 */
export async function loadSuites(filter: string[] = []): Promise<{ file: string; suite: BenchSuite }[]> {
  const dir = path.dirname(fileURLToPath(import.meta.url))
  const files = (await readdir(dir)).filter((f) => f.endsWith('.bench.ts')).sort()
  const chosen = filter.length ? files.filter((f) => filter.some((word) => f.includes(word))) : files
  return Promise.all(
    chosen.map(async (file) => {
      const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { default?: BenchSuite }
      if (!mod.default?.name) throw new Error(`${file} must default-export a suite (defineSuite({...}))`)
      return { file, suite: mod.default }
    }),
  )
}
