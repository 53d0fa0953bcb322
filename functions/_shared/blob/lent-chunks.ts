/**
 * Buffers lent out by a producer that wants them back once they are written: the crypto worker's
 * upload batches (crypto-worker.ts) travel into the blob store and return to the batch pool when
 * the store says they are on disk, so a 1 GiB upload reuses a handful of buffers instead of
 * allocating a thousand (whose garbage cost the event loop full garbage collections and the
 * process tens of MB of memory; tests/bench/file-transfer.bench.ts).
 *
 * A consumer that knows the protocol calls giveBack(chunk) after it has finished with the chunk
 * for good; one that does not (e.g. the S3 store) simply never does, and the producer allocates
 * new buffers instead. Chunks are the exact Buffer objects the producer pushed; a stream stage
 * that copies or concatenates them breaks nothing (the copies are just never given back).
 */
const lenders = new WeakMap<Buffer, () => void>()

/** Marks chunk as lent: giveBack(chunk) will call back (once). */
export function lend(chunk: Buffer, back: () => void): Buffer {
  lenders.set(chunk, back)
  return chunk
}

/** Hands a chunk back to its producer, if it was lent; nothing may use it afterwards. */
export function giveBack(chunk: Buffer): void {
  const back = lenders.get(chunk)
  if (!back) return
  lenders.delete(chunk)
  back()
}

let sink: MessagePort | undefined

/**
 * Frees a buffer's memory now instead of at the next garbage collection, by moving it into a
 * message port that is closed. Only for a buffer that owns its memory alone (e.g. a cipher's
 * output) and that nothing uses any more: afterwards it is empty.
 */
export function freeNow(buffer: Buffer): void {
  if (buffer.byteLength < 4096 || buffer.byteOffset !== 0 || buffer.byteLength !== buffer.buffer.byteLength) return
  if (!sink) {
    const channel = new MessageChannel()
    channel.port2.close()
    sink = channel.port1
  }
  try {
    sink.postMessage(null, [buffer.buffer as ArrayBuffer])
  } catch {
    // Memory that may not be moved (Node's pool): the collector frees it.
  }
}

const owningStreams = new WeakSet<object>()

/**
 * Marks a stream whose every chunk is a buffer of its own that nothing but the stream's reader
 * will see (e.g. fresh decipher output, upload/staging.ts): the reader may free each chunk with
 * freeNow once done with it (upload/body.ts says so through peekBody's `owned`).
 */
export function ownChunks<T extends object>(stream: T): T {
  owningStreams.add(stream)
  return stream
}

/** Whether stream was marked with ownChunks. */
export function chunksOwnedBy(stream: unknown): boolean {
  return typeof stream === 'object' && stream !== null && owningStreams.has(stream)
}
