import net from 'node:net'

/**
 * clamd's INSTREAM protocol (clamd(8)): after `zINSTREAM\0` the data follows in chunks, each a
 * 4-byte big-endian length and that many bytes; a zero length ends the stream. clamd answers
 * `stream: OK`, `stream: <signature> FOUND` or `<reason> ERROR`, terminated by \0 (the `z`
 * form). When the stream exceeds clamd's StreamMaxLength it answers
 * `INSTREAM size limit exceeded. ERROR` and closes the connection.
 */

export type ClamdAddress = { host: string; port: number } | { path: string }
export type Verdict = { infected: false } | { infected: true; signature: string }

/** clamd cannot be reached, timed out, closed without an answer or reported an error. */
export class ScanUnavailableError extends Error {}
/** The file exceeds clamd's StreamMaxLength: it cannot be scanned, so it is not accepted. */
export class ScanLimitError extends Error {}

export const INSTREAM = Buffer.from('zINSTREAM\0')
export const END_OF_STREAM = Buffer.alloc(4)

/** The length prefix of one INSTREAM chunk. */
export function chunkHeader(length: number): Buffer {
  const header = Buffer.alloc(4)
  header.writeUInt32BE(length)
  return header
}

/** tcp://host:port or unix:///path (validated by the configuration). */
export function parseClamdUrl(url: string): ClamdAddress {
  if (url.startsWith('unix://')) return { path: url.slice('unix://'.length) }
  const { hostname, port } = new URL(url)
  return { host: hostname.replace(/^\[|\]$/g, ''), port: Number(port) }
}

/** Reads clamd's answer to INSTREAM. Throws ScanLimitError or ScanUnavailableError for errors. */
export function parseReply(raw: string): Verdict {
  const reply = raw.replace(/\0+$/, '').trim()
  if (/size limit exceeded/i.test(reply)) throw new ScanLimitError(reply)
  const found = /^(?:stream: )?(.+) FOUND$/.exec(reply)
  if (found) return { infected: true, signature: found[1]! }
  if (/^(?:stream: )?OK$/.test(reply)) return { infected: false }
  throw new ScanUnavailableError(`clamd answered: ${reply.slice(0, 200) || '(nothing)'}`)
}

/**
 * One INSTREAM conversation. write() frames a chunk and resolves when the socket takes more
 * (backpressure, so memory stays at a socket buffer); end() sends the terminator and resolves
 * with the verdict. An answer that arrives early (e.g. the size limit) fails the next call.
 * No activity for timeoutMs (connecting, sending, waiting for the verdict) fails it too.
 */
export class ClamdStream {
  private readonly parts: Buffer[] = []
  private failure?: Error
  private finished = false
  private readonly reply: Promise<string>

  private constructor(private readonly socket: net.Socket) {
    this.reply = new Promise((resolve) => {
      const done = () => resolve(Buffer.concat(this.parts).toString('utf8'))
      socket.on('data', (data: Buffer) => {
        this.parts.push(data)
        if (data.includes(0)) {
          done()
          // An answer before our terminator ends the conversation (clamd closes too).
          if (!this.finished) this.fail(this.replyError() ?? new ScanUnavailableError('clamd answered before the end of the stream'))
        }
      })
      socket.once('close', () => {
        done()
        if (!this.finished) this.fail(this.replyError() ?? new ScanUnavailableError('clamd closed the connection'))
      })
    })
    socket.on('error', (err) => this.fail(this.replyError() ?? new ScanUnavailableError(`clamd connection failed: ${err.message}`)))
  }

  /** Connects and starts INSTREAM. Throws ScanUnavailableError when clamd is not reachable. */
  static open(address: ClamdAddress, timeoutMs: number): Promise<ClamdStream> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(address)
      socket.setTimeout(timeoutMs)
      socket.setNoDelay(true)
      const stream = new ClamdStream(socket)
      socket.once('timeout', () => socket.destroy(new Error(`no answer within ${timeoutMs} ms`)))
      socket.once('connect', () => {
        socket.write(INSTREAM)
        resolve(stream)
      })
      socket.once('close', () => reject(stream.failure ?? new ScanUnavailableError('clamd closed the connection')))
    })
  }

  private replyError(): Error | undefined {
    const text = Buffer.concat(this.parts).toString('utf8')
    if (!text.includes('\0')) return undefined
    try {
      parseReply(text)
      return undefined
    } catch (err) {
      return err as Error
    }
  }

  private fail(err: Error) {
    this.failure ??= err
    this.socket.destroy()
  }

  /** Sends one chunk; resolves at once or when the socket drained. */
  write(data: Buffer): Promise<void> {
    if (this.failure) return Promise.reject(this.failure)
    if (data.length === 0) return Promise.resolve()
    this.socket.cork()
    this.socket.write(chunkHeader(data.length))
    const ok = this.socket.write(data)
    this.socket.uncork()
    if (ok) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const settle = () => {
        this.socket.off('drain', settle)
        this.socket.off('close', settle)
        if (this.failure) reject(this.failure)
        else resolve()
      }
      this.socket.once('drain', settle)
      this.socket.once('close', settle)
    })
  }

  /** Ends the stream and waits for clamd's verdict. */
  async end(): Promise<Verdict> {
    if (this.failure) throw this.failure
    this.finished = true
    this.socket.write(END_OF_STREAM)
    const reply = await this.reply
    this.socket.destroy()
    // A complete answer counts, even if the connection was reset afterwards.
    if (reply.includes('\0')) return parseReply(reply)
    throw this.failure ?? new ScanUnavailableError('clamd closed the connection without an answer')
  }

  /** Gives up the conversation (the upload failed for another reason). */
  abort() {
    this.finished = true
    this.socket.destroy()
  }
}

/** Asks clamd for PONG: true when it answers within timeoutMs. */
export function ping(address: ClamdAddress, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(address)
    const parts: Buffer[] = []
    socket.setTimeout(timeoutMs, () => socket.destroy())
    socket.once('connect', () => socket.write('zPING\0'))
    socket.on('data', (data: Buffer) => {
      parts.push(data)
      if (data.includes(0)) socket.end()
    })
    socket.once('error', () => {})
    socket.once('close', () => resolve(Buffer.concat(parts).toString('utf8').replace(/\0+$/, '') === 'PONG'))
  })
}
