import { Secret, TOTP } from 'otpauth'

const PERIOD_MS = 30_000

/**
 * An authenticator app in the test: codes from the key the page shows (RFC 6238, SHA-1, 6 digits,
 * 30 s). The portal accepts the current and the previous step but never a step twice, so each
 * code comes from a step later than the last one used: the previous step when it is still fresh
 * (no waiting), else the current one, else the test waits for the next step.
 */
export function authenticator(base32: string) {
  const secret = Secret.fromBase32(base32)
  const totp = new TOTP({ secret, algorithm: 'SHA1', digits: 6, period: 30 })
  let lastStep = -Infinity
  return {
    async code(): Promise<string> {
      let now = Date.now()
      let current = Math.floor(now / PERIOD_MS)
      let step = Math.max(lastStep + 1, current - 1)
      // The previous step stops counting at the next boundary: use it only with time to spare.
      if (step === current - 1 && now % PERIOD_MS > 24_000) step = current
      if (step > current) {
        await new Promise((resolve) => setTimeout(resolve, step * PERIOD_MS - now + 300))
        now = Date.now()
        current = Math.floor(now / PERIOD_MS)
      }
      lastStep = step
      return totp.generate({ timestamp: step * PERIOD_MS })
    },
  }
}
