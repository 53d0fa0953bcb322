/**
 * Per-person limits on what a socket may cause, kept in this instance's memory (they protect the
 * instance and the other readers from a flood; several instances each apply them): at most
 * `messages` chat messages per minute, one typing event per conversation every `typingMs`, at most
 * `subscribesPerMinute` subscriptions per minute.
 */
export class ChatRateLimits {
  private readonly sent = new Map<string, number[]>()
  private readonly typing = new Map<string, number>()
  private readonly subscribed = new Map<string, number[]>()
  constructor(readonly messagesPerMinute = 30, readonly typingMs = 2000, readonly subscribesPerMinute = 120) {}

  /**
   * True (and counted) when the person may subscribe once more now: each subscription checks
   * access and reads up to 500 messages, so a flood of them is refused (rate_limited).
   */
  allowSubscribe(accountId: string, now = Date.now()): boolean {
    const recent = (this.subscribed.get(accountId) ?? []).filter((t) => t > now - 60_000)
    const ok = recent.length < this.subscribesPerMinute
    if (ok) recent.push(now)
    this.subscribed.set(accountId, recent)
    return ok
  }

  /** True (and counted) when the person may send one more message now. */
  allowMessage(accountId: string, now = Date.now()): boolean {
    const recent = (this.sent.get(accountId) ?? []).filter((t) => t > now - 60_000)
    if (recent.length >= this.messagesPerMinute) {
      this.sent.set(accountId, recent)
      return false
    }
    recent.push(now)
    this.sent.set(accountId, recent)
    return true
  }

  /** True when a typing event for this conversation may go out now (extra ones are dropped). */
  allowTyping(accountId: string, itemId: string, now = Date.now()): boolean {
    const key = `${accountId}:${itemId}`
    if ((this.typing.get(key) ?? 0) > now - this.typingMs) return false
    this.typing.set(key, now)
    if (this.typing.size > 10_000) for (const [k, t] of this.typing) if (t < now - this.typingMs) this.typing.delete(k)
    return true
  }
}
