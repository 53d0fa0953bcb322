import type { Readable } from 'node:stream'

// Copies of two small helpers of functions/documents/lib (no function imports another); they
// belong in functions/_shared once the documents function moves them there.

/** RFC 6266 / 5987 Content-Disposition: an ASCII fallback and the exact UTF-8 name. */
export function contentDisposition(filename: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = filename.normalize('NFKD').replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`
}

/** A Node stream as a response body; an error of the source errors the body (connection aborted). */
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
