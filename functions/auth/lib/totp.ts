import { Secret, TOTP } from 'otpauth'
import QRCode from 'qrcode'
import { safeEqual } from '../../_shared/crypto.ts'

/** RFC 6238 as the authenticator apps expect it: SHA-1, 6 digits, 30-second steps. */
const PERIOD = 30
const DIGITS = 6

export function newTotpSecret(): Buffer {
  return Buffer.from(new Secret({ size: 20 }).bytes) // 160 bit
}

function totp(secret: Buffer, issuer = 'Mandantenportal', label = '') {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: DIGITS, period: PERIOD, secret: new Secret({ buffer: new Uint8Array(secret).buffer }) })
}

/** The code of a step (exported for tests that compute codes like an authenticator app). */
export function totpCode(secret: Buffer, at: Date): string {
  return totp(secret).generate({ timestamp: at.getTime() })
}

export const stepAt = (at: Date): number => Math.floor(at.getTime() / 1000 / PERIOD)

/**
 * The step a code belongs to, accepting only the current and the previous step, or undefined.
 * The caller refuses a step not greater than the last accepted one (replay).
 */
export function matchTotp(secret: Buffer, code: string, now: Date): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined
  const current = stepAt(now)
  for (const step of [current, current - 1]) {
    if (safeEqual(totp(secret).generate({ timestamp: step * PERIOD * 1000 }), code)) return step
  }
  return undefined
}

/** What the enrolment screen shows: the key as text, the otpauth:// URI and its QR code as SVG. */
export async function totpEnrolment(secret: Buffer, issuer: string, label: string) {
  const t = totp(secret, issuer, label)
  const uri = t.toString()
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 })
  return { secret: t.secret.base32, uri, qrSvg }
}
