import { createSignal } from 'solid-js'

/** A message as the realtime socket and the messages API send it. */
export type ChatMessage = {
  id: string
  itemId: string
  authorId: string
  authorName: string | null
  authorIsStaff: boolean
  body: string | null
  createdAt: string
  editedAt: string | null
  deletedAt: string | null
  clientRef: string | null
  attachments: { id: string; title: string; filename: string | null }[]
}

export type RealtimeEvent =
  | { type: 'message'; itemId: string; message: ChatMessage; catchUp?: boolean }
  | { type: 'typing'; itemId: string; side: 'firm' | 'client' }
  | { type: 'read'; itemId: string }
  | { type: 'conversation'; itemId: string }
  | { type: 'call'; itemId: string; callId: string; by: string }
  | { type: 'call_ended'; itemId: string; callId: string }
  | { type: 'ack'; itemId: string; ref: string; id: string; createdAt: string }
  | { type: 'error'; code: string; itemId?: string; ref?: string }

type Listener = (event: RealtimeEvent) => void
type Pending = { itemId: string; ref: string; body: string; attachmentIds: string[] }

/**
 * The one realtime connection of this tab. Reconnects with growing pauses (1 s … 30 s) and at
 * once when the browser is back online; on every (re)connect it subscribes again to each open
 * conversation with its cursor (the last message it holds and the ids near the end), so the
 * server sends exactly what was missed. Messages typed while offline wait here and go out with
 * their ref on reconnect — the server stores a ref once, however often it arrives.
 */
class RealtimeConnection {
  private ws?: WebSocket
  private retry = 0
  private timer?: ReturnType<typeof setTimeout>
  private readonly listeners = new Set<Listener>()
  private readonly cursors = new Map<string, { after: string | null; seen: string[] }>()
  private readonly pending = new Map<string, Pending>()
  private readonly holders = new Map<string, number>()
  readonly connected = createSignal(false)

  start(): void {
    if (this.ws || typeof WebSocket === 'undefined') return
    const url = new URL('/functions/v1/realtime', location.href)
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
    const ws = new WebSocket(url)
    this.ws = ws
    ws.onmessage = (incoming) => {
      const frame = JSON.parse(String(incoming.data)) as RealtimeEvent | { type: 'hello' | 'subscribed' | 'pong' }
      if (frame.type === 'hello') return this.onOpen()
      if (frame.type === 'subscribed' || frame.type === 'pong') return
      const event = frame as RealtimeEvent
      if (event.type === 'message') this.remember(event.itemId, event.message.id)
      if (event.type === 'ack') this.pending.delete(event.ref)
      if (event.type === 'error' && event.ref) this.pending.delete(event.ref)
      for (const listener of this.listeners) listener(event)
    }
    ws.onclose = () => {
      if (this.ws !== ws) return
      this.ws = undefined
      this.connected[1](false)
      this.schedule()
    }
  }

  private onOpen(): void {
    this.retry = 0
    this.connected[1](true)
    for (const [itemId, cursor] of this.cursors) this.raw({ type: 'subscribe', itemId, after: cursor.after, seen: cursor.seen })
    for (const p of this.pending.values()) this.raw({ type: 'send', ...p })
  }

  private schedule(): void {
    clearTimeout(this.timer)
    const delay = Math.min(30_000, 1000 * 2 ** this.retry++)
    this.timer = setTimeout(() => this.start(), delay)
  }

  /** Back online (the browser says so): try now instead of waiting for the next pause. */
  reconnectNow(): void {
    if (this.ws?.readyState === WebSocket.OPEN) return
    const stale = this.ws
    this.ws = undefined
    stale?.close()
    this.retry = 0
    clearTimeout(this.timer)
    this.start()
  }

  /** Offline (the browser says so): drop the socket; catch-up on reconnect brings what was missed. */
  dropNow(): void {
    const ws = this.ws
    this.ws = undefined
    ws?.close()
    this.connected[1](false)
    this.schedule()
  }

  private raw(frame: unknown): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(frame))
  }

  private remember(itemId: string, messageId: string): void {
    const cursor = this.cursors.get(itemId)
    if (!cursor || cursor.seen.includes(messageId)) return
    cursor.after = messageId
    cursor.seen = [...cursor.seen, messageId].slice(-50)
  }

  listen(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Follows a conversation; known: the ids the page already shows (oldest first). */
  subscribe(itemId: string, known: string[] = []): void {
    this.holders.set(itemId, (this.holders.get(itemId) ?? 0) + 1)
    const seen = [...new Set([...(this.cursors.get(itemId)?.seen ?? []), ...known])].slice(-50)
    this.cursors.set(itemId, { after: seen.at(-1) ?? null, seen })
    this.start()
    this.raw({ type: 'subscribe', itemId, after: seen.at(-1) ?? null, seen })
  }

  /** Stops following when the last view of the conversation is gone (views may overlap briefly). */
  unsubscribe(itemId: string): void {
    const left = (this.holders.get(itemId) ?? 1) - 1
    if (left > 0) return void this.holders.set(itemId, left)
    this.holders.delete(itemId)
    this.cursors.delete(itemId)
    this.raw({ type: 'unsubscribe', itemId })
  }

  /** Sends (or queues while offline) a message; resolves the ref the ack will name. */
  send(itemId: string, body: string, attachmentIds: string[] = []): string {
    const ref = crypto.randomUUID()
    const pending = { itemId, ref, body, attachmentIds }
    this.pending.set(ref, pending)
    this.raw({ type: 'send', ...pending })
    return ref
  }

  typing(itemId: string): void {
    this.raw({ type: 'typing', itemId })
  }
}

export const realtime = new RealtimeConnection()
if (typeof window !== 'undefined') {
  window.addEventListener('online', () => realtime.reconnectNow())
  window.addEventListener('offline', () => realtime.dropNow())
}

/** Whether the realtime connection is up (for the "offline" note). */
export const realtimeConnected = realtime.connected[0]
