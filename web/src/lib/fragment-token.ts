/**
 * Reads the secret token of a mailed link from the URL fragment (which browsers never send to a
 * server) and removes it from the address bar and the history entry at once, so it does not
 * linger where someone could copy it later. Returns undefined when the link had none.
 */
export function takeFragmentToken(): string | undefined {
  const raw = window.location.hash.slice(1)
  if (!raw) return undefined
  window.history.replaceState(
    window.history.state,
    '',
    window.location.pathname + window.location.search,
  )
  try {
    return decodeURIComponent(raw).trim() || undefined
  } catch {
    return undefined
  }
}
