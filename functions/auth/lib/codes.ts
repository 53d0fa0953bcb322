import { randomBytes, randomInt } from 'node:crypto'
import { sha256 } from '../../_shared/crypto.ts'

/** A 6-digit one-time code from the CSPRNG (e-mail factor). */
export const newNumericCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0')

/** Codes are stored hashed and bound to their purpose (e.g. the challenge id), never in clear. */
export const hashCode = (bindTo: string, code: string): Buffer => sha256(`${bindTo}:${code.trim()}`)

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789' // no 0/o, 1/l/i

/** Ten recovery codes of 20 characters (about 99 bit) in groups of five: "abcde-fghjk-mnpqr-stuvw". */
export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(20)
    const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('')
    return chars.match(/.{5}/g)!.join('-')
  })
}

/** Normalises what a user typed (case, spaces, dashes) before hashing a recovery code. */
export const recoveryCodeHash = (code: string): Buffer => sha256(code.toLowerCase().replace(/[^a-z0-9]/g, ''))
