import { hash, verify } from '@node-rs/argon2'
import { AppError } from './errors.ts'
import { normalizePassword } from './password-basics.ts'

/** Argon2id, 64 MiB; timeCost chosen so one hash takes ~100–250 ms on the 2-core reference machine. */
/** algorithm 2 is Argon2id in @node-rs/argon2's (const) enum. */
export const ARGON2_PARAMS = { algorithm: 2, memoryCost: 65536, timeCost: 5, parallelism: 1 } as const

/** At most this many hashes run at once; the rest wait, so a flood of sign-ins cannot starve the server. */
const MAX_CONCURRENT = 2
let running = 0
const waiting: (() => void)[] = []

/** Past this many waiting hashes the server answers "busy" instead of queueing without end. */
const MAX_WAITING = 200

async function bounded<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) {
    if (waiting.length >= MAX_WAITING) throw new AppError('busy', { status: 503, message: 'The portal is busy. Please try again in a moment.' })
    await new Promise<void>((resolve) => waiting.push(resolve))
  }
  running++
  try {
    return await fn()
  } finally {
    running--
    waiting.shift()?.()
  }
}

/** Hashes a password (NFKC-normalised, never truncated) with the current parameters. */
export function hashPassword(password: string): Promise<string> {
  return bounded(() => hash(normalizePassword(password), ARGON2_PARAMS))
}

/** Counts verifications, so tests can check that every sign-in path costs exactly one. */
export const hashStats = { verifications: 0 }

/** Verifies a password against a stored hash; false for any malformed hash. */
export function verifyPassword(stored: string, password: string): Promise<boolean> {
  hashStats.verifications++
  return bounded(() => verify(stored, normalizePassword(password)).catch(() => false))
}

/** True when the stored hash was made with weaker parameters than today's (rehash on sign-in). */
export function needsRehash(stored: string): boolean {
  const m = /\$argon2id\$v=\d+\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored)
  if (!m) return true
  return Number(m[1]) < ARGON2_PARAMS.memoryCost || Number(m[2]) < ARGON2_PARAMS.timeCost
}
