import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Hono } from 'hono'
import type postgres from 'postgres'
import type { Runtime } from '../../functions/_shared/runtime.ts'

/**
 * Benchmarks: each tests/bench/<name>.bench.ts default-exports a BenchSuite. `npm run bench`
 * (tests/bench/run.ts) starts ONE bench server process (tests/bench/server.ts: embedded
 * PostgreSQL in a temp directory, the product's gateway, plus every suite's bench-only routes),
 * lets each suite prepare its fixtures there, then drives the scenarios over real HTTP with
 * autocannon from the parent process and prints ratios measured in the same run.
 */

/** What a suite gets in the bench server process (where the database and the gateway live). */
export type BenchServer = {
  runtime: Runtime
  /** Superuser connection to the bench database, for fixtures. */
  owner: postgres.Sql
  /** How many connections autocannon will open (e.g. to create one session per connection). */
  connections: number
  /** Creates an account directly in SQL (as tests/helpers/personas.ts does). */
  createAccount(options?: { kind?: 'staff' | 'client' | 'external'; admin?: boolean; email?: string }): Promise<{ id: string; email: string }>
  /** Opens a session (aal2 unless said otherwise) and returns the Cookie header value. */
  signIn(accountId: string, aal?: 'aal1' | 'aal2'): Promise<string>
}

/** One load pattern: autocannon sends it on every connection for the measured time. */
export type Scenario = {
  name: string
  description: string
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  path: string
  headers?: Record<string, string>
  body?: string
  /** Headers per connection (index 0 … connections-1), e.g. a session cookie each. */
  connectionHeaders?: Record<string, string>[]
}

export type BenchSuite<Fixture = unknown> = {
  name: string
  description: string
  /** Bench-only routes, mounted in the bench server before the gateway (never in the product). */
  routes?(app: Hono, runtime: () => Runtime): void
  /** Runs in the bench server after boot; the (JSON) result is handed to scenarios(). */
  prepare?(server: BenchServer): Promise<Fixture>
  scenarios(fixture: Fixture): Scenario[]
  /** Ratios to report, [numerator, denominator] by scenario name (throughput A / throughput B). */
  ratios: [string, string][]
}

export function defineSuite<Fixture>(suite: BenchSuite<Fixture>): BenchSuite<Fixture> {
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
