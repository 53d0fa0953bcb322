import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import * as common from '@zxcvbn-ts/language-common'
import * as de from '@zxcvbn-ts/language-de'
import * as en from '@zxcvbn-ts/language-en'
import { contextWords, MAX_LENGTH, MIN_LENGTH, normalizePassword, type PasswordContext, type PasswordProblem, type PasswordVerdict } from './password-basics.ts'

/**
 * The password rules of SECURITY.md, shared by the server and the web app so that the reasons
 * shown while typing are exactly the ones the server enforces: 15–128 code points after NFKC,
 * no composition rules, no common or guessable passwords, no context words. The server loads
 * this module (and its dictionaries) only when it checks a password: checkPasswordLoaded in
 * password-basics.ts, where the limits and the normalisation live.
 */
export { contextWords, MAX_LENGTH, MIN_LENGTH, normalizePassword } from './password-basics.ts'
export type { PasswordContext, PasswordProblem, PasswordVerdict } from './password-basics.ts'

let factory: ZxcvbnFactory | undefined
function estimator(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...de.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  })
  return factory
}

type Match = { pattern: string; dictionaryName?: string; baseToken?: string | string[] }
/** A match from the common-password lists, also inside a repetition ("passwordpassword"). */
const fromPasswordList = (m: Match): boolean =>
  (m.pattern === 'dictionary' && Boolean(m.dictionaryName?.startsWith('passwords'))) ||
  (m.pattern === 'repeat' && typeof m.baseToken === 'string' && estimator().check(m.baseToken).sequence.some(fromPasswordList))

/** Judges a password; the problems are codes the UI turns into German (or English) sentences. */
export function checkPassword(password: string, context: PasswordContext = {}): PasswordVerdict {
  const normalized = normalizePassword(password)
  const length = [...normalized].length
  const problems: PasswordProblem[] = []
  if (length < MIN_LENGTH) problems.push('too_short')
  if (length > MAX_LENGTH) problems.push('too_long')
  if (length > MAX_LENGTH) return { ok: false, problems, score: 0 }
  const words = contextWords(context)
  const lower = normalized.toLowerCase()
  if (words.some((w) => lower.includes(w))) problems.push('context')
  const result = estimator().check(normalized, words)
  if (result.score < 3) problems.push(result.sequence.some(fromPasswordList) ? 'common' : 'guessable')
  return { ok: problems.length === 0, problems, score: result.score }
}
