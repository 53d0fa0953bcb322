/** Digits only, as typed or pasted ("123 456" → "123456"): what the server expects of a code. */
export function digitsOnly(code: string): string {
  return code.replace(/\s+/g, '')
}

/** True for the six digits of an authenticator app or an e-mail code. */
export function isSixDigits(code: string): boolean {
  return /^\d{6}$/.test(digitsOnly(code))
}

/** A recovery code as typed: spaces dropped, the server ignores case and dashes. */
export function normalizeRecoveryCode(code: string): string {
  return code.trim().replace(/\s+/g, '')
}
