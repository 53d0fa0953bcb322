import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../functions/_shared/config.ts'
import { configureLog } from '../../functions/_shared/log.ts'
import { announceScanning } from '../../functions/_shared/scan/scan-stream.ts'
import { startFakeClamd } from '../helpers/fake-clamd.ts'

/** What the portal says at start about the virus scan (the clamd here is the FAKE of tests/helpers). */

const lines: { level: string; msg: string }[] = []
configureLog({ level: 'debug', sink: (line) => lines.push(JSON.parse(line)) })
afterEach(() => {
  lines.length = 0
})

describe('the start-up line about scanning', () => {
  it('without CLAMD_URL: exactly one info line saying uploads are not scanned', async () => {
    announceScanning(loadConfig({}))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(lines).toEqual([expect.objectContaining({ level: 'info', msg: expect.stringMatching(/uploads are not scanned/) })])
  })

  it('with a clamd that answers PING: one info line, no warning', async () => {
    const clamd = await startFakeClamd()
    announceScanning(loadConfig({ CLAMD_URL: clamd.url }))
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(lines).toEqual([expect.objectContaining({ level: 'info', msg: expect.stringMatching(/scanned by clamd/) })])
    await clamd.close()
  })

  it('with a clamd that is down: a warning that uploads are refused', async () => {
    const closed = net.createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as net.AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    announceScanning(loadConfig({ CLAMD_URL: `tcp://127.0.0.1:${port}` }))
    for (let i = 0; i < 100 && lines.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(lines.map((l) => l.level)).toEqual(['info', 'warn'])
    expect(lines[1]!.msg).toMatch(/uploads are refused/)
  })

  it.each(['http://127.0.0.1:3310', 'tcp://127.0.0.1', 'unix://relative'])('refuses CLAMD_URL=%s naming the variable', (url) => {
    expect(() => loadConfig({ CLAMD_URL: url })).toThrow(/CLAMD_URL/)
  })
})
