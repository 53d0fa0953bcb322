// The part of autocannon's programmatic API the benchmarks use (the package ships no types).
declare module 'autocannon' {
  type Histogram = { average: number; mean: number; stddev: number; min: number; max: number; total: number; p50: number; p90: number; p99: number; p99_9: number; [key: string]: number }
  export type Client = { setHeaders(headers: Record<string, string>): void }
  export type RequestData = { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer }
  export type Options = {
    url: string
    method?: string
    headers?: Record<string, string>
    body?: string
    connections?: number
    duration?: number
    timeout?: number
    workers?: number
    setupClient?: (client: Client) => void
    /** Request templates; setupRequest rebuilds each request before it is sent. */
    requests?: { setupRequest?: (request: RequestData, context: Record<string, unknown>) => RequestData }[]
  }
  export type Result = {
    duration: number
    latency: Histogram
    requests: Histogram & { sent: number }
    throughput: Histogram
    errors: number
    timeouts: number
    non2xx: number
    resets: number
    '2xx': number
    statusCodeStats: Record<string, { count: number }>
  }
  export default function autocannon(options: Options): Promise<Result> & { stop(): void }
}
