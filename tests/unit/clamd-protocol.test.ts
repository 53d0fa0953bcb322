import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { afterAll, describe, expect, it } from 'vitest'
import { ClamdStream, parseClamdUrl, parseReply, ping, ScanLimitError, ScanUnavailableError, type ClamdAddress } from '../../functions/_shared/scan/clamd.ts'
import { MalwareFoundError, ScanTee } from '../../functions/_shared/scan/scan-stream.ts'
import { EICAR, startFakeClamd } from '../helpers/fake-clamd.ts'

/**
 * clamd's INSTREAM framing, checked byte for byte against a recording socket server, and the
 * client's handling of answers, limits, silence and refusal. The scanner answers come from a
 * FAKE clamd (tests/helpers/fake-clamd.ts): the real clamd cannot run here (no signature
 * downloads offline).
 */

const servers: net.Server[] = []
const dirs: string[] = []
afterAll(async () => {
  for (const server of servers) server.close()
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

/** A server that records every byte of one connection and answers `answer` after the terminator. */
async function recorder(listen: { port: number; host: string } | { path: string }, answer = 'stream: OK\0') {
  const received: Buffer[] = []
  let done!: () => void
  const closed = new Promise<void>((resolve) => (done = resolve))
  const server = net.createServer((socket) => {
    socket.on('data', (data: Buffer) => {
      received.push(data)
      const all = Buffer.concat(received)
      if (all.length >= 14 && all.subarray(all.length - 4).equals(Buffer.alloc(4))) socket.end(answer)
    })
    socket.once('close', done)
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(listen, resolve))
  const address: ClamdAddress = 'path' in listen ? listen : { host: '127.0.0.1', port: (server.address() as net.AddressInfo).port }
  return { address, received: () => Buffer.concat(received), closed }
}

const be32 = (n: number) => {
  const b = Buffer.alloc(4)
  b.writeUInt32BE(n)
  return b
}

describe('clamd INSTREAM framing', () => {
  it('sends zINSTREAM\\0, each chunk with a 4-byte big-endian length, and a zero-length terminator', async () => {
    const server = await recorder({ port: 0, host: '127.0.0.1' })
    const big = randomBytes(70_000)
    const scan = await ClamdStream.open(server.address, 5_000)
    await scan.write(Buffer.from('abc'))
    await scan.write(Buffer.alloc(0)) // nothing: a zero length would end the stream
    await scan.write(big)
    expect(await scan.end()).toEqual({ infected: false })
    await server.closed
    expect(server.received().equals(Buffer.concat([Buffer.from('zINSTREAM\0'), be32(3), Buffer.from('abc'), be32(70_000), big, be32(0)]))).toBe(true)
  })

  it('works over a Unix socket (clamd’s default on Debian)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'clamd-'))
    dirs.push(dir)
    const server = await recorder({ path: path.join(dir, 'clamd.ctl') }, 'stream: Eicar-Test-Signature FOUND\0')
    expect(parseClamdUrl(`unix://${path.join(dir, 'clamd.ctl')}`)).toEqual(server.address)
    const scan = await ClamdStream.open(server.address, 5_000)
    await scan.write(Buffer.from('x'))
    expect(await scan.end()).toEqual({ infected: true, signature: 'Eicar-Test-Signature' })
  })

  it.each([
    ['stream: OK\0', { infected: false }],
    ['stream: Eicar-Test-Signature FOUND\0', { infected: true, signature: 'Eicar-Test-Signature' }],
    ['stream: Win.Test.EICAR_HDB-1 FOUND', { infected: true, signature: 'Win.Test.EICAR_HDB-1' }],
  ])('reads the answer %j', (reply, verdict) => {
    expect(parseReply(reply)).toEqual(verdict)
  })

  it('tells the size limit apart from other errors', () => {
    expect(() => parseReply('INSTREAM size limit exceeded. ERROR\0')).toThrow(ScanLimitError)
    expect(() => parseReply("Can't allocate memory ERROR\0")).toThrow(ScanUnavailableError)
    expect(() => parseReply('')).toThrow(ScanUnavailableError)
  })

  it('parses tcp:// addresses, IPv6 too', () => {
    expect(parseClamdUrl('tcp://127.0.0.1:3310')).toEqual({ host: '127.0.0.1', port: 3310 })
    expect(parseClamdUrl('tcp://[::1]:3310')).toEqual({ host: '::1', port: 3310 })
  })
})

describe('talking to a (fake) clamd', () => {
  it('finds the EICAR string even when it is split across chunks; a clean stream is OK; PING answers', async () => {
    const clamd = await startFakeClamd()
    const address = parseClamdUrl(clamd.url)
    const infected = await ClamdStream.open(address, 5_000)
    await infected.write(EICAR.subarray(0, 20))
    await infected.write(EICAR.subarray(20))
    expect(await infected.end()).toEqual({ infected: true, signature: 'Eicar-Test-Signature' })
    const clean = await ClamdStream.open(address, 5_000)
    await clean.write(randomBytes(100_000))
    expect(await clean.end()).toEqual({ infected: false })
    expect(clamd.scans).toEqual([
      { bytes: EICAR.length, chunks: 2, verdict: 'FOUND' },
      { bytes: 100_000, chunks: 1, verdict: 'OK' },
    ])
    expect(await ping(address, 2_000)).toBe(true)
    await clamd.close()
    expect(await ping(address, 2_000)).toBe(false)
  })

  it('refuses with ScanLimitError when clamd stops the stream at StreamMaxLength', async () => {
    const clamd = await startFakeClamd({ streamMaxLength: 100_000 })
    const scan = await ClamdStream.open(parseClamdUrl(clamd.url), 5_000)
    const attempt = (async () => {
      for (let i = 0; i < 64; i++) await scan.write(randomBytes(64 * 1024))
      return scan.end()
    })()
    await expect(attempt).rejects.toBeInstanceOf(ScanLimitError)
    await clamd.close()
  })

  it('fails with ScanUnavailableError when nothing listens, and when clamd stays silent', async () => {
    const closed = net.createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as net.AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    await expect(ClamdStream.open({ host: '127.0.0.1', port }, 2_000)).rejects.toBeInstanceOf(ScanUnavailableError)

    const silent = net.createServer((socket) => socket.on('data', () => {}))
    servers.push(silent)
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const scan = await ClamdStream.open({ host: '127.0.0.1', port: (silent.address() as net.AddressInfo).port }, 300)
    await scan.write(Buffer.from('hello'))
    await expect(scan.end()).rejects.toThrow(/no answer within 300 ms/)
  })
})

describe('the scanning tee', () => {
  const collect = () => {
    const parts: Buffer[] = []
    return { parts, sink: new Writable({ write: (chunk: Buffer, _enc, done) => (parts.push(chunk), done()) }) }
  }

  it('passes the bytes through unchanged and ends only after a clean verdict', async () => {
    const clamd = await startFakeClamd()
    const data = randomBytes(300_000)
    const tee = new ScanTee(await ClamdStream.open(parseClamdUrl(clamd.url), 5_000))
    const out = collect()
    await pipeline(Readable.from([data.subarray(0, 1000), data.subarray(1000)]), tee, out.sink)
    expect(Buffer.concat(out.parts).equals(data)).toBe(true)
    expect(clamd.scans).toEqual([{ bytes: data.length, chunks: 2, verdict: 'OK' }])
    await clamd.close()
  })

  it('errors the stream with MalwareFoundError before it ends', async () => {
    const clamd = await startFakeClamd()
    const tee = new ScanTee(await ClamdStream.open(parseClamdUrl(clamd.url), 5_000))
    let ended = false
    const sink = new Writable({ write: (_c, _e, done) => done(), final: (done) => ((ended = true), done()) })
    await expect(pipeline(Readable.from([Buffer.from('harmlos\n'), EICAR]), tee, sink)).rejects.toBeInstanceOf(MalwareFoundError)
    expect(ended).toBe(false)
    expect((tee.failure as MalwareFoundError).signature).toBe('Eicar-Test-Signature')
    await clamd.close()
  })
})
