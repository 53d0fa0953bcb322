import { invalidCursor } from './errors.ts'

/** A keyset cursor: the sort time and id of the last row of a page, opaque to the client. */
export type Cursor = { at: string; id: string }

/** at: the sort time as PostgreSQL prints it (microseconds kept; a JS Date would cut them). */
export const encodeCursor = (c: { at: string; id: string }) => Buffer.from(JSON.stringify({ at: c.at, id: c.id })).toString('base64url')

/** Reads a cursor from the query string; anything malformed answers invalid_cursor. */
export function decodeCursor(value: string | undefined): Cursor | undefined {
  if (!value) return undefined
  try {
    const c = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'))
    if (typeof c.at === 'string' && /^\d{4}-\d\d-\d\d[ T][\d:.]+([+-]\d\d(:\d\d)?|Z)?$/.test(c.at) && /^[0-9a-f-]{36}$/.test(c.id)) return { at: c.at, id: c.id }
  } catch {
    // fall through
  }
  throw invalidCursor()
}
