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
 * every chunk. Chunks are taken one by one as the stream emits them ('data'), never with read(),
 * which would concatenate everything buffered into a new buffer. At most a few chunks wait in the
 * web stream; then the source pauses until the response wants more. An error of the source
 * errors the body (the connection is aborted).
 */
export function toWebStream(stream: Readable): ReadableStream<Uint8Array> {
  let open = true
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        stream.pause()
        stream.on('data', (chunk: Buffer) => {
          if (!open) return
          controller.enqueue(chunk)
          if ((controller.desiredSize ?? 0) <= 0) stream.pause()
        })
        stream.once('end', () => {
          if (open) controller.close()
          open = false
        })
        stream.once('error', (err) => {
          if (open) controller.error(err)
          open = false
        })
        // Destroyed without an error and without its end: the body must not look complete.
        stream.once('close', () => {
          if (open) controller.error(new Error('the source closed before its end'))
          open = false
        })
      },
      pull() {
        stream.resume()
      },
      cancel(reason) {
        open = false
        stream.destroy(reason instanceof Error ? reason : undefined)
      },
    },
    { highWaterMark: 4 },
  )
}
