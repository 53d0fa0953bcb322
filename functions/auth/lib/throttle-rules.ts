import { throttleKey } from '../../_shared/client-ip.ts'
import { sha256 } from '../../_shared/crypto.ts'
import type { ThrottleRule } from '../../_shared/throttle.ts'

/**
 * Per account and source address: five free failures, then a doubling delay up to 15 minutes.
 * Keyed by the address too, so that someone guessing from elsewhere cannot keep the owner out.
 */
export const ACCOUNT_RULE: ThrottleRule = { maxPerWindow: 100, freeFailures: 5, maxDelayMs: 15 * 60_000 }

/** Per account, over all addresses: never more than 100 evaluated failures an hour (NIST 5.2.2). */
export const ACCOUNT_CAP_RULE: ThrottleRule = { maxPerWindow: 100, freeFailures: 100, maxDelayMs: 0 }

/** The owner is mailed once per window when this many failures were counted for the account. */
export const LOCK_NOTICE_AT = 10

/** Per IP address (IPv6: per /64): an office behind one address has room for its people's typos. */
export const IP_RULE: ThrottleRule = { maxPerWindow: 100, freeFailures: 30, maxDelayMs: 60_000 }

/** The account key is derived from the typed e-mail, so unknown addresses are throttled alike. */
export const accountKey = (email: string): string => `account:${sha256(email.trim().toLowerCase()).toString('hex')}`
export const accountFromKey = (email: string, ip: string): string => `${accountKey(email)}:from:${throttleKey(ip)}`
export const ipKey = (ip: string): string => `ip:${throttleKey(ip)}`

/**
 * Per account for second factors and credential proofs, apart from the password counter (which
 * a correct password clears): a correct password must not buy fresh factor guesses.
 */
export const FACTOR_RULE: ThrottleRule = { maxPerWindow: 100, freeFailures: 5, maxDelayMs: 15 * 60_000 }
export const factorKey = (accountId: string): string => `factor:${accountId}`
export const proofKey = (accountId: string): string => `proof:${accountId}`
