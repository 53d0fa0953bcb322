import { Readable } from 'node:stream'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'

/**
 * Reads the first `bytes` bytes of a request body (for magic-byte checks) and returns them with
 * a stream that yields the whole body again, head first. Memory: just the head. The head is put
 * back into the same stream (unshift): no copies of the body and no further stream stage.
 */
export async function peekBody(body: ReadableStream<Uint8Array> | null, bytes: number): Promise<{ head: Buffer; stream: Readable }> {
  const stream = (body as unknown) instanceof Readable ? (body as unknown as Readable) : body ? Readable.fromWeb(body as unknown as WebReadableStream<Uint8Array>) : Readable.from([])
  const parts: Buffer[] = []
  let length = 0
  while (length < bytes) {
    const chunk = stream.read() as Buffer | null
    if (chunk !== null) {
      parts.push(chunk)
      length += chunk.length
      continue
    }
    if (stream.readableEnded || stream.errored) break
    const ended = await new Promise<boolean>((resolve, reject) => {
      const settle = (value: boolean | Error) => {
        stream.off('readable', onReadable)
        stream.off('end', onEnd)
        stream.off('error', settle)
        if (value instanceof Error) reject(value)
        else resolve(value)
      }
      const onReadable = () => settle(false)
      const onEnd = () => settle(true)
      stream.once('readable', onReadable)
      stream.once('end', onEnd)
      stream.once('error', settle)
    })
    if (ended) break
  }
  const all = Buffer.concat(parts, length)
  if (all.length && !stream.readableEnded) stream.unshift(all)
  else if (all.length) return { head: all.subarray(0, bytes), stream: Readable.from([all]) }
  return { head: all.subarray(0, bytes), stream }
}

/**
 * A Node stream as a web ReadableStream for a response body, without Readable.toWeb's copy of
 * every chunk. An error of the source errors the body (the connection is aborted).
 */
export function toWebStream(stream: Readable): ReadableStream<Uint8Array> {
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await iterator.next()
        if (next.done) controller.close()
        else controller.enqueue(next.value)
      },
      cancel(reason) {
        stream.destroy(reason instanceof Error ? reason : undefined)
      },
    },
    { highWaterMark: 4 },
  )
}
