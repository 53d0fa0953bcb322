import net from 'node:net'

/**
 * A FAKE clamd on loopback, for tests only. The real clamd is a third-party server that cannot
 * run here: it needs its signature database, which is downloaded (freshclam) and this machine is
 * offline. The fake speaks the same INSTREAM protocol as clamd(8) — `zINSTREAM\0`, chunks with a
 * 4-byte big-endian length, a zero-length terminator, a \0-terminated answer; `zPING\0` → PONG —
 * and, like clamd's own test signature, reports the EICAR anti-virus test string as
 * `stream: Eicar-Test-Signature FOUND`; everything else is `stream: OK`. With streamMaxLength it
 * answers `INSTREAM size limit exceeded. ERROR` and closes, as clamd does past StreamMaxLength.
 * It never buffers a stream: it keeps a running count and the last bytes for the search.
 */

// The EICAR test string (a harmless file every scanner detects), put together at run time so
// that a scanner on a developer's machine does not flag this source file.
export const EICAR = Buffer.from(['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'].join(''))

export type FakeClamdScan = { bytes: number; chunks: number; verdict: string }

export type FakeClamd = {
  url: string
  port: number
  /** Every finished or refused INSTREAM conversation, in order. */
  scans: FakeClamdScan[]
  close(): Promise<void>
}

export async function startFakeClamd(options: { streamMaxLength?: number } = {}): Promise<FakeClamd> {
  const scans: FakeClamdScan[] = []
  const sockets = new Set<net.Socket>()
  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    let pending: Buffer = Buffer.alloc(0)
    let state: 'command' | 'length' | 'data' | 'done' = 'command'
    let remaining = 0
    let bytes = 0
    let chunks = 0
    let tail: Buffer = Buffer.alloc(0)
    let found = false
    const answer = (text: string, verdict: string) => {
      state = 'done'
      scans.push({ bytes, chunks, verdict })
      // clamd answers and closes the connection (further writes of the client are reset).
      socket.write(`${text}\0`, () => socket.destroy())
    }
    socket.on('data', (data: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, data]) : data
      while (pending.length && state !== 'done') {
        if (state === 'command') {
          const end = pending.indexOf(0)
          if (end < 0) return
          const command = pending.subarray(0, end).toString('latin1')
          pending = pending.subarray(end + 1)
          if (command === 'zPING') return void socket.end('PONG\0')
          if (command !== 'zINSTREAM') return void socket.end('UNKNOWN COMMAND\0')
          state = 'length'
        } else if (state === 'length') {
          if (pending.length < 4) return
          remaining = pending.readUInt32BE(0)
          pending = pending.subarray(4)
          if (remaining === 0) return answer(found ? 'stream: Eicar-Test-Signature FOUND' : 'stream: OK', found ? 'FOUND' : 'OK')
          chunks++
          if (options.streamMaxLength !== undefined && bytes + remaining > options.streamMaxLength)
            return answer('INSTREAM size limit exceeded. ERROR', 'LIMIT')
          state = 'data'
        } else {
          const part = pending.subarray(0, remaining)
          pending = pending.subarray(part.length)
          remaining -= part.length
          bytes += part.length
          const window = Buffer.concat([tail, part])
          if (window.includes(EICAR)) found = true
          tail = window.subarray(Math.max(0, window.length - (EICAR.length - 1)))
          if (remaining === 0) state = 'length'
        }
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as net.AddressInfo).port
  return {
    url: `tcp://127.0.0.1:${port}`,
    port,
    scans,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
