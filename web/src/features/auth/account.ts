import type { CurrentAccount } from './queries'

/** The enrolment wizard: the one page an account past its deadline may still use. */
export const ENROL_PATH = '/sicherheit/zweiter-faktor'

/**
 * True when the account has no second factor and its deadline has passed – by the server's word
 * or by the clock, so an open page notices the moment the grace period ends.
 */
export function factorOverdue(account: CurrentAccount, at: number): boolean {
  return account.aal !== 'aal2' && (account.mustEnrol || Date.parse(account.mfaDeadline) <= at)
}

/** Milliseconds left to set up a second factor, or undefined when none are needed or left. */
export function graceRemaining(account: CurrentAccount, at: number): number | undefined {
  if (account.aal === 'aal2' || account.mustEnrol) return undefined
  const left = Date.parse(account.mfaDeadline) - at
  return left > 0 ? left : undefined
}
