import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { clientIp, inRanges, parseIp, throttleKey } from '../../functions/_shared/client-ip.ts'

const seen = async (peer: string, forwarded: string | undefined, trusted: string[]) => {
  const app = new Hono().get('/', (c) => c.text(clientIp(c, trusted)))
  const headers: Record<string, string> = forwarded ? { 'x-forwarded-for': forwarded } : {}
  const res = await app.request('http://localhost/', { headers }, { remoteAddr: { hostname: peer } })
  return res.text()
}

describe('client address', () => {
  it('ignores X-Forwarded-For from an untrusted peer', async () => {
    expect(await seen('198.51.100.7', '1.2.3.4', [])).toBe('198.51.100.7')
    expect(await seen('198.51.100.7', '1.2.3.4', ['10.0.0.0/8'])).toBe('198.51.100.7')
  })

  it('takes the right-most untrusted address behind a trusted proxy', async () => {
    expect(await seen('10.0.0.2', '6.6.6.6, 203.0.113.9', ['10.0.0.0/8'])).toBe('203.0.113.9')
    expect(await seen('10.0.0.2', '203.0.113.9, 10.0.0.5', ['10.0.0.0/8'])).toBe('203.0.113.9')
  })

  it('falls back to the peer for garbage in the header', async () => {
    expect(await seen('10.0.0.2', 'not-an-ip', ['10.0.0.0/8'])).toBe('10.0.0.2')
  })

  it('matches IPv4, IPv6 and mapped addresses against ranges', () => {
    expect(inRanges('192.168.1.20', ['192.168.1.0/24'])).toBe(true)
    expect(inRanges('192.168.2.20', ['192.168.1.0/24'])).toBe(false)
    expect(inRanges('::ffff:127.0.0.1', ['127.0.0.1'])).toBe(true)
    expect(inRanges('2001:db8::1', ['2001:db8::/32'])).toBe(true)
    expect(inRanges('2001:db9::1', ['2001:db8::/32'])).toBe(false)
    expect(parseIp('1.2.3.256')).toBeUndefined()
    expect(parseIp('1:2:3')).toBeUndefined()
  })

  it('groups IPv6 clients by /64 for throttling', () => {
    expect(throttleKey('2001:db8:1:2:aaaa::1')).toBe(throttleKey('2001:db8:1:2:bbbb::9'))
    expect(throttleKey('2001:db8:1:3::1')).not.toBe(throttleKey('2001:db8:1:2::1'))
    expect(throttleKey('203.0.113.9')).toBe('203.0.113.9')
  })
})
