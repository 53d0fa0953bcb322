import type { MiddlewareHandler } from 'hono'
import { AppError } from './errors.ts'

/**
 * The process's shutdown state. The server's signal handler calls beginShutdown(); from then on
 * new requests are refused (503 shutting_down, with Connection: close so keep-alive clients
 * reconnect to another instance) while requests already running — uploads above all — finish.
 */
let shuttingDown = false

export function beginShutdown(): void {
  shuttingDown = true
}

export function isShuttingDown(): boolean {
  return shuttingDown
}

/** Tests only: back to serving. */
export function resetShutdownForTests(): void {
  shuttingDown = false
}

/** Refuses requests that arrive after the shutdown began; lets running ones complete. */
export function refuseWhileShuttingDown(): MiddlewareHandler {
  return async (c, next) => {
    if (shuttingDown) {
      c.header('Connection', 'close')
      c.header('Retry-After', '5')
      throw new AppError('shutting_down', { status: 503, message: 'The portal is restarting. Please try again in a moment.' })
    }
    await next()
    if (shuttingDown) {
      try {
        c.res.headers.set('Connection', 'close')
      } catch {
        // Immutable headers (a proxied response): the server closes the socket anyway.
      }
    }
  }
}
