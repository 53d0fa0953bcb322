/**
 * The light half of the password rules (password-rules.ts): limits, normalisation, context words,
 * and the server's way in to the full check. Importing this module loads no dictionaries; the
 * zxcvbn dictionaries (some 50 MB of memory once ranked) are loaded on the first password check,
 * so a server that never checks a password never holds them.
 */
export const MIN_LENGTH = 15
export const MAX_LENGTH = 128

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'context' | 'guessable'
export type PasswordVerdict = { ok: boolean; problems: PasswordProblem[]; score: number }
export type PasswordContext = { firmName?: string; name?: string; email?: string }

/** NFKC normalisation, the form in which passwords are checked and hashed; never truncated. */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC')
}

/** Words of the context that must not carry a password: firm, "Kanzlei", the user's name and e-mail. */
export function contextWords(context: PasswordContext): string[] {
  const words = ['kanzlei', 'mandantenportal', 'portal', 'anwalt', 'rechtsanwalt']
  for (const text of [context.firmName, context.name, context.email?.split('@')[0], context.email?.split('@')[1]?.split('.')[0]]) {
    if (!text) continue
    words.push(...text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 4))
  }
  return [...new Set(words)]
}

/** checkPassword of password-rules.ts, loading the rules and their dictionaries on first use (server). */
export async function checkPasswordLoaded(password: string, context: PasswordContext = {}): Promise<PasswordVerdict> {
  const { checkPassword } = await import('./password-rules.ts')
  return checkPassword(password, context)
}
