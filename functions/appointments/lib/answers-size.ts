/**
 * The length PostgreSQL gives the answers as jsonb text (length(answers::text)): the limit of
 * 20000 characters the clear column carried, kept now that the database sees only ciphertext.
 * jsonb prints an object as {"key": "value", "key2": "value2"} with JSON's escapes (", \, \b \f
 * \n \r \t, other control characters as \u00xx — as JSON.stringify writes them) and counts code
 * points.
 */
export function jsonbTextLength(answers: Record<string, string>): number {
  const chars = (s: string) => [...JSON.stringify(s)].length
  const entries = Object.entries(answers)
  if (!entries.length) return 2
  return 2 + entries.reduce((sum, [k, v]) => sum + chars(k) + 2 + chars(v), 0) + 2 * (entries.length - 1)
}

/** What the clear column allowed (check length(answers::text) <= 20000 in 20261127190000). */
export const MAX_ANSWERS_TEXT = 20_000
