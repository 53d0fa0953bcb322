import { createHash, timingSafeEqual } from 'node:crypto'

/** Compares the presented token with the configured one in constant time (both hashed first). */
export function tokenMatches(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest()
  const b = createHash('sha256').update(expected).digest()
  return timingSafeEqual(a, b)
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S{1,512})$/i.exec(header ?? '')?.[1]
}
