import { afterEach, describe, expect, it } from 'vitest'
import { configureLog, log } from '../../functions/_shared/log.ts'

const lines: string[] = []
configureLog({ level: 'debug', sink: (line) => lines.push(line) })
afterEach(() => void (lines.length = 0))

describe('structured logs', () => {
  it('write one JSON object per line and escape injected newlines', () => {
    log.info('request', { path: '/x\n{"level":"error","msg":"forged"}' })
    expect(lines).toHaveLength(1)
    expect(lines[0]!.split('\n')).toHaveLength(1)
    expect(JSON.parse(lines[0]!).path).toContain('forged')
  })

  it('never write secret-looking fields', () => {
    log.warn('x', { password: 'hunter2hunter2', sessionToken: 'abc', code: '123456', authorization: 'Bearer x', requestId: 'r1' })
    const entry = JSON.parse(lines[0]!)
    expect(lines[0]).not.toContain('hunter2')
    expect(lines[0]).not.toContain('123456')
    expect(entry.requestId).toBe('r1')
  })
})
