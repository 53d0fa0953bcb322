import { createContext, useContext, type Accessor } from 'solid-js'
import type { CurrentAccount } from './queries'

/**
 * The signed-in account as the guard of the signed-in pages loaded it. Pages read it from here
 * instead of loading it again, so they all show the same state of the session.
 */
export const AccountContext = createContext<Accessor<CurrentAccount | undefined>>(() => undefined)

/** The signed-in account; undefined outside the signed-in pages. */
export function useAccount(): Accessor<CurrentAccount | undefined> {
  return useContext(AccountContext)
}
