import type { MiddlewareHandler } from 'hono'

/**
 * The process's request metrics, kept in memory and rendered in the Prometheus text format
 * (version 0.0.4) by functions/operations/metrics-app.ts. Hand-written instead of prom-client:
 * three series families and a histogram are all the portal needs.
 */

/** Upper bounds of the latency histogram, in seconds (time until the response headers). */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] as const

type Histogram = { buckets: number[]; sum: number; count: number }

const requests = new Map<string, number>() // `${fn}\u0000${status}` → count
const errors = new Map<string, number>() // fn → count of 5xx answers
const latency = new Map<string, Histogram>() // fn → histogram
let inFlight = 0

// Function names become labels only once a request to them was answered with something other
// than 404, so scanning /functions/v1/<random> cannot grow the label set; at most 64 names.
const knownFunctions = new Set<string>()
const MAX_FUNCTIONS = 64
const FUNCTION_PATH = /^\/functions\/v1\/([a-z][a-z0-9-]{0,40})(?:\/|$)/

/** The label a request is counted under: the function's name, 'metrics', 'web' or 'other'. */
export function functionLabel(path: string, status: number): string {
  if (path === '/metrics') return 'metrics'
  if (path === '/health') return 'health'
  const match = FUNCTION_PATH.exec(path)
  if (!match) return path.startsWith('/functions/') ? 'other' : 'web'
  const name = match[1]!
  if (knownFunctions.has(name)) return name
  if (status !== 404 && knownFunctions.size < MAX_FUNCTIONS) {
    knownFunctions.add(name)
    return name
  }
  return 'other'
}

/** Counts one answered request. */
export function recordRequest(fn: string, status: number, seconds: number): void {
  const key = `${fn}\u0000${status}`
  requests.set(key, (requests.get(key) ?? 0) + 1)
  if (status >= 500) errors.set(fn, (errors.get(fn) ?? 0) + 1)
  let h = latency.get(fn)
  if (!h) latency.set(fn, (h = { buckets: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 }))
  LATENCY_BUCKETS.forEach((bound, i) => {
    if (seconds <= bound) h!.buckets[i]!++
  })
  h.sum += seconds
  h.count++
}

/**
 * Counts every request by function and status, its latency, 5xx answers and requests in flight.
 * Under Node a request stays in flight until its response has been written completely (a
 * streamed download too), so a graceful shutdown can wait for it; WebSockets do not count.
 */
export function requestMetrics(): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now()
    const outgoing = (c.env as { outgoing?: { once(event: 'close', fn: () => void): unknown } } | undefined)?.outgoing
    inFlight++
    let released = false
    const release = () => {
      if (!released) inFlight--
      released = true
    }
    if (outgoing) outgoing.once('close', release)
    let status = 500
    try {
      await next()
      status = c.res.status
    } finally {
      if (!outgoing) release()
      // An error thrown past every onError still counts as the 500 the server will send.
      recordRequest(functionLabel(c.req.path, status), status, (performance.now() - started) / 1000)
    }
  }
}

/** Requests currently being served (including streaming uploads and downloads). */
export function requestsInFlight(): number {
  return inFlight
}

/** Tests only: forget every counter. */
export function resetMetricsForTests(): void {
  requests.clear()
  errors.clear()
  latency.clear()
  knownFunctions.clear()
  inFlight = 0
}

/** Escapes a label value for the text format (backslash, quote, newline). */
export const labelValue = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')

/** Formats a number as the text format expects (+Inf, -Inf, NaN spelled out). */
export function sampleValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN'
  if (value === Infinity) return '+Inf'
  if (value === -Infinity) return '-Inf'
  return String(value)
}

/** One metric family: HELP, TYPE and its samples. */
export function family(name: string, type: 'counter' | 'gauge' | 'histogram', help: string, samples: [labels: Record<string, string>, value: number, suffix?: string][]): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`]
  for (const [labels, value, suffix] of samples) {
    const entries = Object.entries(labels)
    const text = entries.length ? `{${entries.map(([k, v]) => `${k}="${labelValue(v)}"`).join(',')}}` : ''
    lines.push(`${name}${suffix ?? ''}${text} ${sampleValue(value)}`)
  }
  return lines.join('\n')
}

/** The request families in the text format. */
export function renderRequestMetrics(): string {
  const counted = [...requests.entries()].map(([key, n]) => {
    const [fn, status] = key.split('\u0000') as [string, string]
    return [{ function: fn, status }, n] as [Record<string, string>, number]
  })
  const histogram: [Record<string, string>, number, string][] = []
  for (const [fn, h] of latency) {
    LATENCY_BUCKETS.forEach((bound, i) => histogram.push([{ function: fn, le: String(bound) }, h.buckets[i]!, '_bucket']))
    histogram.push([{ function: fn, le: '+Inf' }, h.count, '_bucket'])
    histogram.push([{ function: fn }, h.sum, '_sum'])
    histogram.push([{ function: fn }, h.count, '_count'])
  }
  return [
    family('portal_http_requests_total', 'counter', 'HTTP requests answered, by function and status code.', counted),
    family('portal_http_request_duration_seconds', 'histogram', 'Time until the response headers, by function.', histogram),
    family('portal_http_errors_total', 'counter', 'Requests answered with a 5xx status, by function.', [...errors.entries()].map(([fn, n]) => [{ function: fn }, n])),
    family('portal_http_requests_in_flight', 'gauge', 'Requests being served right now.', [[{}, inFlight]]),
  ].join('\n')
}
