import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import * as common from '@zxcvbn-ts/language-common'
import * as de from '@zxcvbn-ts/language-de'
import * as en from '@zxcvbn-ts/language-en'

/**
 * The password rules of SECURITY.md, shared by the server and the web app so that the reasons
 * shown while typing are exactly the ones the server enforces: 15–128 code points after NFKC,
 * no composition rules, no common or guessable passwords, no context words.
 */
export const MIN_LENGTH = 15
export const MAX_LENGTH = 128

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'context' | 'guessable'
export type PasswordVerdict = { ok: boolean; problems: PasswordProblem[]; score: number }

let factory: ZxcvbnFactory | undefined
function estimator(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...de.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  })
  return factory
}

/** NFKC normalisation, the form in which passwords are checked and hashed; never truncated. */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC')
}

/** Words of the context that must not carry a password: firm, "Kanzlei", the user's name and e-mail. */
export function contextWords(context: { firmName?: string; name?: string; email?: string }): string[] {
  const words = ['kanzlei', 'mandantenportal', 'portal', 'anwalt', 'rechtsanwalt']
  for (const text of [context.firmName, context.name, context.email?.split('@')[0], context.email?.split('@')[1]?.split('.')[0]]) {
    if (!text) continue
    words.push(...text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 4))
  }
  return [...new Set(words)]
}

type Match = { pattern: string; dictionaryName?: string; baseToken?: string | string[] }
/** A match from the common-password lists, also inside a repetition ("passwordpassword"). */
const fromPasswordList = (m: Match): boolean =>
  (m.pattern === 'dictionary' && Boolean(m.dictionaryName?.startsWith('passwords'))) ||
  (m.pattern === 'repeat' && typeof m.baseToken === 'string' && estimator().check(m.baseToken).sequence.some(fromPasswordList))

/** Judges a password; the problems are codes the UI turns into German (or English) sentences. */
export function checkPassword(password: string, context: { firmName?: string; name?: string; email?: string } = {}): PasswordVerdict {
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
