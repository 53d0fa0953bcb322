import { createContext, useContext, type Accessor } from 'solid-js'
import type { Client } from './queries'

/**
 * The client a client page shows, as its frame loaded it: the tabs read it from here instead of
 * loading it again, so header and tabs always agree.
 */
export const ClientContext = createContext<Accessor<Client | undefined>>(() => undefined)

/** The client of the surrounding client page; undefined outside of one. */
export function useClient(): Accessor<Client | undefined> {
  return useContext(ClientContext)
}
