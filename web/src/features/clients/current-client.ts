import { createSignal } from 'solid-js'
import type { ClientSummary } from './queries'

const STORAGE_KEY = 'mandantenportal.client'

function stored(): string | undefined {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? undefined
  } catch {
    return undefined
  }
}

const [remembered, setRemembered] = createSignal<string | undefined>(stored())

/**
 * Remembers on this device which client a person with several clients works for. Only the
 * client's id goes to localStorage – nothing secret; the server decides on every request anyway.
 */
export function rememberClient(clientId: string): void {
  if (remembered() === clientId) return
  setRemembered(clientId)
  try {
    localStorage.setItem(STORAGE_KEY, clientId)
  } catch {
    // Private mode or storage disabled: the choice lasts for this visit only.
  }
}

/** The remembered client if the person still belongs to it, else their first client. */
export function currentClient(clients: readonly ClientSummary[]): ClientSummary | undefined {
  const chosen = remembered()
  return clients.find((client) => client.id === chosen) ?? clients[0]
}
