import type { Context } from 'hono'

/** Parses an IPv4 or IPv6 address into a 128-bit number (IPv4 mapped into ::ffff:0:0/96). */
export function parseIp(text: string): bigint | undefined {
  let ip = text.trim().replace(/^\[|\]$/g, '').split('%')[0]!
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/
  if (ip.startsWith('::ffff:') && v4.test(ip.slice(7))) ip = ip.slice(7)
  const m4 = v4.exec(ip)
  if (m4) {
    const parts = m4.slice(1).map(Number)
    if (parts.some((p) => p > 255)) return undefined
    return (0xffffn << 32n) | parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n)
  }
  if (!/^[0-9a-f:]+$/i.test(ip) || ip.split('::').length > 2) return undefined
  const [head, tail] = ip.includes('::') ? ip.split('::') : [ip, undefined]
  const h = head ? head.split(':') : []
  const t = tail ? tail.split(':') : []
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t]
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n)
}

const isV4Mapped = (ip: bigint) => ip >> 32n === 0xffffn

/** True when ip lies in one of the ranges ("10.0.0.0/8", "::1", "2001:db8::/32"). */
export function inRanges(ip: string, ranges: string[]): boolean {
  const value = parseIp(ip)
  if (value === undefined) return false
  return ranges.some((range) => {
    const [base, bits] = range.split('/')
    const baseValue = parseIp(base!)
    if (baseValue === undefined) return false
    const v4 = isV4Mapped(baseValue) && !base!.includes(':')
    const prefix = bits === undefined ? 128 : Number(bits) + (v4 ? 96 : 0)
    const shift = BigInt(128 - prefix)
    return value >> shift === baseValue >> shift
  })
}

/** The key that groups an address for throttling: the address for IPv4, its /64 for IPv6. */
export function throttleKey(ip: string): string {
  const value = parseIp(ip)
  if (value === undefined) return ip
  if (isV4Mapped(value)) return ip.replace(/^::ffff:/, '')
  const prefix = (value >> 64n).toString(16).padStart(16, '0')
  return `${prefix.match(/.{4}/g)!.join(':')}::/64`
}

/** The peer address of the TCP connection, under Node or Deno (tests pass env.remoteAddr). */
export function peerAddress(c: Context): string {
  const env = c.env as
    | { incoming?: { socket?: { remoteAddress?: string } }; remoteAddr?: { hostname?: string } }
    | undefined
  return env?.incoming?.socket?.remoteAddress ?? env?.remoteAddr?.hostname ?? '0.0.0.0'
}

/**
 * The client's address. X-Forwarded-For is believed only when the connection comes from a
 * configured trusted proxy, and then the right-most address that is not itself a trusted proxy.
 */
export function clientIp(c: Context, trustedProxies: string[]): string {
  const peer = peerAddress(c)
  if (!trustedProxies.length || !inRanges(peer, trustedProxies)) return peer
  const forwarded = (c.req.header('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean)
  for (let i = forwarded.length - 1; i >= 0; i--) {
    if (parseIp(forwarded[i]!) === undefined) return peer
    if (!inRanges(forwarded[i]!, trustedProxies)) return forwarded[i]!
  }
  return peer
}
