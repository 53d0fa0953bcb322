/**
 * Mentions are stored as @[account id] (what the server mails on); people write and read them
 * as @Name. These helpers translate between the two.
 */

export type MentionPerson = { id: string; displayName: string }

const STORED = /@\[([0-9a-f-]{36})\]/g

/**
 * Turns every "@Name" of a known person into "@[id]", longest names first so that "@Anna Berger"
 * is not taken for "@Anna".
 */
export function encodeMentions(text: string, people: readonly MentionPerson[]): string {
  const byLength = [...people].sort((a, b) => b.displayName.length - a.displayName.length)
  let result = text
  for (const person of byLength) {
    if (!person.displayName) continue
    result = result.split(`@${person.displayName}`).join(`@[${person.id}]`)
  }
  return result
}

/** "@[id]" back to "@Name" for editing; unknown ids keep the given fallback name. */
export function decodeMentions(body: string, names: ReadonlyMap<string, string>, unknown: string) {
  return body.replace(STORED, (_, accountId: string) => `@${names.get(accountId) ?? unknown}`)
}

export type Segment = { text: string } | { mention: string; accountId: string }

/** A stored body split into text and mentions, for rendering mentions as highlighted names. */
export function segments(
  body: string,
  names: ReadonlyMap<string, string>,
  unknown: string,
): Segment[] {
  const parts: Segment[] = []
  let last = 0
  for (const match of body.matchAll(STORED)) {
    if (match.index > last) parts.push({ text: body.slice(last, match.index) })
    parts.push({ mention: names.get(match[1]!) ?? unknown, accountId: match[1]! })
    last = match.index + match[0].length
  }
  if (last < body.length) parts.push({ text: body.slice(last) })
  return parts
}

/**
 * The mention being typed at the caret: "@" at the start or after white space, then up to 40
 * characters without another "@" or a line break. Returns where it starts and what was typed.
 */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret)
  const match = /(^|\s)@([^@\n]{0,40})$/.exec(before)
  if (!match) return null
  return { start: caret - match[2]!.length - 1, query: match[2]! }
}

/** People whose name contains the query (case-insensitive), at most `limit`. */
export function matchPeople<T extends MentionPerson>(
  people: readonly T[],
  query: string,
  limit = 6,
): T[] {
  const wanted = query.trim().toLocaleLowerCase('de')
  return people
    .filter((p) => p.displayName.toLocaleLowerCase('de').includes(wanted))
    .slice(0, limit)
}
