/** Polls until check() returns a truthy value (for work the server does after answering). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value || Date.now() > until) return value
    await new Promise((r) => setTimeout(r, 50))
  }
}
