import { Readable } from 'node:stream'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'

/**
 * Reads the first `bytes` bytes of a request body (for magic-byte checks) and returns them with
 * a stream that yields the whole body again, head first. Memory: just the head.
 */
export async function peekBody(body: ReadableStream<Uint8Array> | null, bytes: number): Promise<{ head: Buffer; stream: Readable }> {
  const source = body ? Readable.fromWeb(body as unknown as WebReadableStream<Uint8Array>) : Readable.from([])
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>
  const parts: Buffer[] = []
  let length = 0
  let done = false
  while (length < bytes) {
    const next = await iterator.next()
    if (next.done) {
      done = true
      break
    }
    const chunk = Buffer.from(next.value)
    parts.push(chunk)
    length += chunk.length
  }
  const all = Buffer.concat(parts)
  const stream = Readable.from(
    (async function* () {
      if (all.length) yield all
      if (done) return
      for (;;) {
        const next = await iterator.next()
        if (next.done) return
        yield Buffer.from(next.value)
      }
    })(),
  )
  return { head: all.subarray(0, bytes), stream }
}
