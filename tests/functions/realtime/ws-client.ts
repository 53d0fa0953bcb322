import WebSocket from 'ws'

export type Frame = { type: string; [key: string]: any }

/**
 * A test client for the realtime socket over a real connection: collects every frame, waits for
 * frames matching a predicate (event-driven, no sleeps), and sends JSON frames.
 */
export class WsClient {
  readonly frames: Frame[] = []
  private waiters: { pred: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = []
  closed?: { code: number; reason: string }

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = String(data)
      const frame: Frame = text === 'pong' ? { type: 'pong-text' } : JSON.parse(text)
      this.frames.push(frame)
      for (const w of [...this.waiters]) if (w.pred(frame)) {
        this.waiters.splice(this.waiters.indexOf(w), 1)
        w.resolve(frame)
      }
    })
    ws.on('close', (code, reason) => (this.closed = { code, reason: String(reason) }))
  }

  /** Opens a socket as a browser of the portal's origin would, and waits for the hello. */
  static async open(base: string, cookie: string): Promise<WsClient> {
    const ws = new WebSocket(`ws://${base}/functions/v1/realtime`, { headers: { origin: `http://${base}`, cookie } })
    const client = new WsClient(ws)
    await new Promise<void>((resolve, reject) => {
      ws.once('error', reject)
      ws.once('unexpected-response', (_req, res) => reject(new Error(`handshake refused: ${res.statusCode}`)))
      void client.next((f) => f.type === 'hello').then(() => resolve())
    })
    return client
  }

  send(frame: Frame): void {
    this.ws.send(JSON.stringify(frame))
  }

  /** The first frame (already received or coming) matching pred; fails after timeoutMs. */
  next(pred: (f: Frame) => boolean, timeoutMs = 5000, from = 0): Promise<Frame> {
    const seen = this.frames.slice(from).find(pred)
    if (seen) return Promise.resolve(seen)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.map((f) => f.type))}`)), timeoutMs)
      this.waiters.push({ pred, resolve: (f) => (clearTimeout(timer), resolve(f)) })
    })
  }

  /** A round trip through the socket: every frame the server sent before the pong has arrived. */
  async roundTrip(): Promise<void> {
    const before = this.frames.filter((f) => f.type === 'pong').length
    this.send({ type: 'ping' })
    await this.next(() => this.frames.filter((f) => f.type === 'pong').length > before)
  }

  subscribe(itemId: string, after: string | null = null, seen: string[] = []): Promise<Frame> {
    const from = this.frames.length
    this.send({ type: 'subscribe', itemId, after, seen })
    return this.next((f) => f.itemId === itemId && (f.type === 'subscribed' || f.type === 'error'), 5000, from)
  }

  /** Messages received for a conversation, in order (ids). */
  messageIds(itemId: string): string[] {
    return this.frames.filter((f) => f.type === 'message' && f.itemId === itemId).map((f) => f.message.id)
  }

  close(): void {
    this.ws.close()
  }
}
