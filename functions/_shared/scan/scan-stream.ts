import { Transform, type TransformCallback } from 'node:stream'
import type { Config } from '../config.ts'
import { log } from '../log.ts'
import { ClamdStream, parseClamdUrl, ping, type ClamdAddress } from './clamd.ts'

/** clamd found a signature in the file. */
export class MalwareFoundError extends Error {
  constructor(readonly signature: string) {
    super(`malware found: ${signature}`)
  }
}

/** Opens one scan per upload; undefined when CLAMD_URL is not set (uploads are not scanned). */
export type Scanner = { address: ClamdAddress; open(): Promise<ScanTee> }

export function scannerFor(config: Config): Scanner | undefined {
  if (!config.CLAMD_URL) return undefined
  const address = parseClamdUrl(config.CLAMD_URL)
  const timeoutMs = config.CLAMD_TIMEOUT_SECONDS * 1000
  return { address, open: async () => new ScanTee(await ClamdStream.open(address, timeoutMs)) }
}

/**
 * Passes the plaintext through unchanged while sending a copy to clamd; the end of the stream
 * waits for the verdict, so nothing downstream completes (no blob is committed) before clamd said
 * OK. A finding or a scanner failure errors the stream; `failure` tells the scan's own errors
 * apart from those of the rest of the pipeline.
 */
export class ScanTee extends Transform {
  failure?: Error

  constructor(private readonly clamd: ClamdStream) {
    super()
  }

  override _transform(data: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.clamd.write(data).then(
      () => done(null, data),
      (err: Error) => done((this.failure = err)),
    )
  }

  override _flush(done: TransformCallback) {
    this.clamd.end().then(
      (verdict) => done(verdict.infected ? (this.failure = new MalwareFoundError(verdict.signature)) : null),
      (err: Error) => done((this.failure = err)),
    )
  }

  override _destroy(err: Error | null, done: (err?: Error | null) => void) {
    this.clamd.abort()
    done(err)
  }
}

/**
 * The one line at start that says whether uploads are scanned. With clamd configured, a PING
 * checks it is there (a warning if not: uploads are refused until it answers).
 */
export function announceScanning(config: Config): void {
  const scanner = scannerFor(config)
  if (!scanner) {
    log.info('uploads are not scanned for viruses (set CLAMD_URL to scan them with clamd)')
    return
  }
  log.info('uploads are scanned by clamd before they become visible', { clamd: config.CLAMD_URL })
  void ping(scanner.address, 5_000).then((ok) => {
    if (!ok) log.warn('clamd does not answer: uploads are refused until it does', { clamd: config.CLAMD_URL })
  })
}
