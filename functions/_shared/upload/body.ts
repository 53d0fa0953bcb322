import type { Context } from 'hono'
import { IncomingMessage, type ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { chunksOwnedBy, giveBack } from '../blob/lent-chunks.ts'

/**
 * A file upload's body: under Node the request stream itself (no web-stream round trip and no
 * copy; its chunks are then owned by the upload, see peekBody), elsewhere (Deno) the web body.
 */
export function uploadBody(c: Context): ReadableStream<Uint8Array> | null {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming
  return (incoming as unknown as ReadableStream<Uint8Array> | undefined) ?? c.req.raw.body
}

/**
 * Reads the first `bytes` bytes of a request body (for magic-byte checks) and returns them with
 * a stream that yields the whole body again, head first. Memory: just the head. The head is put
 * back into the same stream (unshift): no copies of the body and no further stream stage.
 * `owned`: the body is Node's request itself, whose chunks are buffers of their own (the HTTP
 * parser copies every piece out of the socket's buffer) that only this reader sees; the head put
 * back is a new buffer too. So is a stream marked with ownChunks (lent-chunks.ts: a resumable
 * upload's staged file, read back decrypted). Whoever consumes the stream may then free each chunk.
 */
export async function peekBody(body: ReadableStream<Uint8Array> | null, bytes: number): Promise<{ head: Buffer; stream: Readable; owned: boolean }> {
  const owned = (body as unknown) instanceof IncomingMessage || chunksOwnedBy(body)
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
  else if (all.length) return { head: all.subarray(0, bytes), stream: Readable.from([all]), owned: false }
  return { head: all.subarray(0, bytes), stream, owned }
}

/**
 * A Node stream as a web ReadableStream for a response body, without Readable.toWeb's copy of
 * every chunk. Chunks are taken one by one as the stream emits them ('data'), never with read(),
 * which would concatenate everything buffered into a new buffer. At most a few chunks wait in the
 * web stream; then the source pauses until the response wants more. An error of the source
 * errors the body (the connection is aborted).
 */
export function toWebStream(stream: Readable, outgoing?: ServerResponse): ReadableStream<Uint8Array> {
  if (outgoing) return directBody(stream, outgoing)
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

/** How long the direct body waits for the adapter to write the response head (setImmediate turns). */
const HEAD_TURNS = 1000

/**
 * Under Node (the route has the ServerResponse): a body that the adapter (@hono/node-server) reads
 * as usual but that writes the bytes to the response itself, once the adapter has written the
 * head, and then closes (the adapter ends the response). So every chunk's write callback is
 * known, and a chunk lent by its producer (lent-chunks.ts: the decrypted plaintexts of
 * encrypted-file.ts) is given back, i.e. freed, right when the socket has taken it, instead of
 * leaving a gigabyte of garbage behind per gigabyte sent. Backpressure: the source pauses until
 * the response drains. An error of the source errors the body (the adapter aborts the
 * connection); a response closed early destroys the source. Should the head not be written
 * within HEAD_TURNS turns of the event loop, the chunks go through the body as usual.
 */
function directBody(stream: Readable, outgoing: ServerResponse): ReadableStream<Uint8Array> {
  stream.pause()
  let fallback: ReadableStreamDefaultReader<Uint8Array> | undefined
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (fallback) {
          const { done, value } = await fallback.read()
          return done ? controller.close() : controller.enqueue(value)
        }
        for (let turn = 0; !outgoing.headersSent && turn < HEAD_TURNS; turn++) await new Promise((resolve) => setImmediate(resolve))
        if (!outgoing.headersSent) {
          fallback = toWebStream(stream).getReader()
          const { done, value } = await fallback.read()
          return done ? controller.close() : controller.enqueue(value)
        }
        try {
          await pump(stream, outgoing)
          controller.close()
        } catch (err) {
          controller.error(err)
        }
      },
      cancel(reason) {
        void fallback?.cancel(reason)
        stream.destroy(reason instanceof Error ? reason : undefined)
      },
    },
    { highWaterMark: 0 },
  )
}

/** Writes the stream to the response with backpressure; chunks are given back once written. */
function pump(stream: Readable, outgoing: ServerResponse): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (err?: Error) => {
      stream.off('data', onData)
      outgoing.off('drain', onDrain)
      outgoing.off('close', onClose)
      if (err) reject(err)
      else resolve()
    }
    const onData = (chunk: Buffer) => {
      const more = outgoing.write(chunk, (err) => {
        if (!err) giveBack(chunk)
      })
      if (!more) stream.pause()
    }
    const onDrain = () => stream.resume()
    const onClose = () => {
      stream.destroy()
      settle(new Error('the response closed before the body was sent'))
    }
    stream.on('data', onData)
    outgoing.on('drain', onDrain)
    outgoing.once('close', onClose)
    stream.once('end', () => settle())
    stream.once('error', (err) => settle(err))
    // Destroyed without an error and without its end: the body must not look complete.
    stream.once('close', () => {
      if (!stream.readableEnded) settle(stream.errored ?? new Error('the source closed before its end'))
    })
    stream.resume()
  })
}
