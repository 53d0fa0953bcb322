import type { WSContext } from 'hono/ws'
import type { Db } from '../_shared/db.ts'
import { AppError } from '../_shared/errors.ts'
import { log } from '../_shared/log.ts'
import type { SessionInfo } from '../_shared/session.ts'
import type { RequestMeta } from '../_shared/audit.ts'
import { CONVERSATION_EVENTS, ZPortalEvent, type ClientFrame, type PortalEvent } from './protocol.ts'
import { ChatRateLimits } from './rate-limit.ts'
import { liveSessions, messageReadersOf, readersOf, type AttachmentView } from './service/audience.ts'

/**
 * A message as the hub passes it on: the hub needs its id (once per subscription) and replaces its
 * attachments per reader; every other field goes to the browser as the source gave it.
 */
export type LiveMessage = { id: string; attachments: AttachmentView[] }

/**
 * Where the hub reads and writes a conversation's messages — always as the person of the socket
 * (RLS decides). The hub is transport only: the messages function provides the source
 * (functions/messages/service/message-source.ts) and the gateway passes it in (realtimeHubs in
 * app.ts), so realtime imports no messages code.
 */
export type MessageSource = {
  load(db: Db, session: SessionInfo, itemId: string, id: string): Promise<LiveMessage | undefined>
  listAfter(db: Db, session: SessionInfo, itemId: string, afterId: string | null): Promise<LiveMessage[]>
  post(db: Db, session: SessionInfo, itemId: string, input: { body: string; attachmentIds: string[]; clientRef: string }, meta: RequestMeta): Promise<{ id: string; createdAt: Date }>
}

export const CHANNEL = 'portal_events'
const HEARTBEAT_MS = 30_000
const SENT_MEMORY = 2000

type Subscription = { ready: boolean; buffer: LiveMessage[]; sent: Set<string> }
export type Socket = {
  ws: Pick<WSContext, 'send' | 'close' | 'readyState'>
  session: SessionInfo
  /** The upgrade request's facts, for the audit entries of messages sent over the socket. */
  meta: RequestMeta
  subs: Map<string, Subscription>
}

export type HubOptions = {
  /** Benchmarks only: fan out without the per-event access check, to measure what it costs. */
  checkAccess?: boolean
  limits?: ChatRateLimits
  now?: () => Date
  /** Conversations one socket may follow at once (default 50). */
  maxSubscriptions?: number
  /** Open sockets per person on this instance (default 10); more are closed with 4429. */
  maxSocketsPerAccount?: number
}

/**
 * One per server instance: LISTENs on portal_events (so every instance sees every event), keeps
 * the open sockets and their subscriptions, and fans events out. Every event is checked for its
 * readers in one statement before anything is sent (the items policy's rule); content is read as
 * one of the allowed readers, never with more rights, and each reader gets only the attachments
 * they may see themselves. Events of one conversation go out in order.
 */
export class RealtimeHub {
  readonly sockets = new Set<Socket>()
  private readonly byItem = new Map<string, Set<Socket>>()
  private readonly chains = new Map<string, Promise<void>>()
  private listening?: Promise<unknown>
  private timer?: ReturnType<typeof setInterval>
  private readonly limits: ChatRateLimits
  private readonly checkAccess: boolean
  private readonly now: () => Date
  private readonly maxSubscriptions: number
  private readonly maxSocketsPerAccount: number

  constructor(readonly db: Db, readonly messages: MessageSource, options: HubOptions = {}) {
    this.limits = options.limits ?? new ChatRateLimits()
    this.maxSubscriptions = options.maxSubscriptions ?? 50
    this.maxSocketsPerAccount = options.maxSocketsPerAccount ?? 10
    this.checkAccess = options.checkAccess ?? true
    this.now = options.now ?? (() => new Date())
  }

  /** Starts listening (once); resolves when the LISTEN is in place. */
  start(): Promise<unknown> {
    this.listening ??= this.db.pool.listen(CHANNEL, (payload) => this.onNotify(payload))
    this.timer ??= setInterval(() => void this.sweep(), HEARTBEAT_MS)
    this.timer.unref?.()
    return this.listening
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    const listener = (await this.listening) as { unlisten?: () => Promise<void> } | undefined
    await listener?.unlisten?.().catch(() => {})
    for (const s of this.sockets) s.ws.close(1001, 'server stopping')
  }

  /** Registers a new socket; undefined (and the socket closed with 4429) when the person already has too many. */
  async add(ws: Socket['ws'], session: SessionInfo, meta: RequestMeta): Promise<Socket | undefined> {
    await this.start()
    let open = 0
    for (const s of this.sockets) if (s.session.accountId === session.accountId && s.ws.readyState === 1) open++
    if (open >= this.maxSocketsPerAccount) {
      ws.close(4429, 'too many connections')
      return undefined
    }
    const socket: Socket = { ws, session, meta, subs: new Map() }
    this.sockets.add(socket)
    void this.heartbeat(socket)
    return socket
  }

  remove(socket: Socket): void {
    this.sockets.delete(socket)
    for (const itemId of socket.subs.keys()) this.byItem.get(itemId)?.delete(socket)
  }

  /** One frame from a browser. Unknown or invalid frames answer an error frame, nothing else. */
  async handle(socket: Socket, frame: ClientFrame): Promise<void> {
    switch (frame.type) {
      case 'ping':
        return send(socket, { type: 'pong' })
      case 'subscribe':
        return this.subscribe(socket, frame.itemId, frame.after ?? null, frame.seen ?? [])
      case 'unsubscribe':
        socket.subs.delete(frame.itemId)
        this.byItem.get(frame.itemId)?.delete(socket)
        return
      case 'typing':
        return this.typing(socket, frame.itemId)
      case 'send':
        return this.post(socket, frame)
    }
  }

  /**
   * Subscribes to a conversation the reader sees: registers first (live events are held back),
   * then sends every message after the cursor from the database, then the held-back ones not yet
   * sent — so a reconnecting browser gets what it missed exactly once.
   */
  private async subscribe(socket: Socket, itemId: string, after: string | null, seen: string[]): Promise<void> {
    if (!socket.subs.has(itemId) && socket.subs.size >= this.maxSubscriptions) return send(socket, { type: 'error', code: 'too_many_subscriptions', itemId })
    if (!this.limits.allowSubscribe(socket.session.accountId)) return send(socket, { type: 'error', code: 'rate_limited', itemId })
    if (!(await this.allowed(itemId, [socket])).has(socket)) return send(socket, { type: 'error', code: 'not_found', itemId })
    const sub: Subscription = { ready: false, buffer: [], sent: new Set(seen) }
    socket.subs.set(itemId, sub)
    let set = this.byItem.get(itemId)
    if (!set) this.byItem.set(itemId, (set = new Set()))
    set.add(socket)
    let missed: LiveMessage[]
    try {
      missed = await this.messages.listAfter(this.db, socket.session, itemId, after)
    } catch (err) {
      socket.subs.delete(itemId)
      set.delete(socket)
      return send(socket, { type: 'error', code: err instanceof AppError ? err.code : 'internal_error', itemId })
    }
    for (const message of missed) deliver(socket, sub, itemId, message, true)
    sub.ready = true
    for (const message of sub.buffer.splice(0)) deliver(socket, sub, itemId, message, false)
    send(socket, { type: 'subscribed', itemId })
  }

  private async typing(socket: Socket, itemId: string): Promise<void> {
    if (!this.limits.allowTyping(socket.session.accountId, itemId)) return
    if (!(await this.allowed(itemId, [socket])).has(socket)) return send(socket, { type: 'error', code: 'not_found', itemId })
    const event: PortalEvent = { type: 'typing', item_id: itemId, actor_id: socket.session.accountId, side: socket.session.account.kind === 'staff' ? 'firm' : 'client' }
    await this.db.pool`select pg_notify(${CHANNEL}, ${JSON.stringify(event)})`
  }

  private async post(socket: Socket, frame: Extract<ClientFrame, { type: 'send' }>): Promise<void> {
    if (!this.limits.allowMessage(socket.session.accountId))
      return send(socket, { type: 'error', code: 'rate_limited', ref: frame.ref, itemId: frame.itemId })
    try {
      const message = await this.messages.post(this.db, socket.session, frame.itemId, { body: frame.body, attachmentIds: frame.attachmentIds ?? [], clientRef: frame.ref }, socket.meta)
      send(socket, { type: 'ack', ref: frame.ref, itemId: frame.itemId, id: message.id, createdAt: message.createdAt })
    } catch (err) {
      const code = err instanceof AppError ? err.code : typeof (err as { code?: unknown }).code === 'string' && (err as { code: string }).code === '42501' ? 'not_found' : 'internal_error'
      if (code === 'internal_error') log.error('realtime post failed', { error: err instanceof Error ? err : String(err) })
      send(socket, { type: 'error', code, ref: frame.ref, itemId: frame.itemId })
    }
  }

  private onNotify(payload: string): void {
    let event: PortalEvent
    try {
      event = ZPortalEvent.parse(JSON.parse(payload))
    } catch {
      return log.warn('realtime: ignored a malformed event')
    }
    // One chain per conversation: its events go out in commit order; others run alongside.
    const previous = this.chains.get(event.item_id) ?? Promise.resolve()
    const next = previous.then(() => this.dispatch(event)).catch((err) => log.error('realtime dispatch failed', { error: err instanceof Error ? err : String(err) }))
    this.chains.set(event.item_id, next)
    void next.then(() => {
      if (this.chains.get(event.item_id) === next) this.chains.delete(event.item_id)
    })
  }

  /** Sends one event to every socket whose reader may see it — checked now, for this event. */
  async dispatch(event: PortalEvent): Promise<void> {
    const pool = CONVERSATION_EVENTS.has(event.type) ? [...(this.byItem.get(event.item_id) ?? [])] : [...this.sockets]
    const candidates = pool.filter((s) => s.ws.readyState === 1 && !(event.type === 'typing' && s.session.accountId === event.actor_id))
    if (candidates.length === 0) return
    if (event.type === 'message' || event.type === 'message_edited') {
      if (!event.id) return
      // Who may read it and, per reader, the attachments they may see (documents have their own
      // audiences) — one statement; then the message once as the first allowed reader (every
      // allowed reader selects the same row and body).
      const views = this.checkAccess ? await messageReadersOf(this.db, event.item_id, [...new Set(candidates.map((s) => s.session.sessionId))], this.now(), event.id) : undefined
      const readers = views ? candidates.filter((s) => views.has(s.session.sessionId)) : candidates
      if (readers.length === 0) return
      const message = await this.messages.load(this.db, readers[0]!.session, event.item_id, event.id)
      if (!message) return
      for (const socket of readers) {
        const sub = socket.subs.get(event.item_id)
        if (!sub) continue
        const view = views ? { ...message, attachments: views.get(socket.session.sessionId)! } : message
        if (event.type === 'message_edited') sub.sent.delete(message.id)
        if (sub.ready) deliver(socket, sub, event.item_id, view, false)
        else sub.buffer.push(view)
      }
      return
    }
    const readers = [...(await this.allowed(event.item_id, candidates))]
    if (readers.length === 0) return
    const frame =
      event.type === 'typing' ? { type: 'typing', itemId: event.item_id, side: event.side }
      : event.type === 'read' ? { type: 'read', itemId: event.item_id }
      : event.type === 'conversation' ? { type: 'conversation', itemId: event.item_id }
      : { type: event.type, itemId: event.item_id, callId: event.id, by: event.actor_id }
    for (const socket of readers) {
      if (event.type === 'call' && socket.session.accountId === event.actor_id) continue
      send(socket, frame)
    }
  }

  private async allowed(itemId: string, sockets: Socket[]): Promise<Set<Socket>> {
    if (!this.checkAccess) return new Set(sockets)
    const ok = await readersOf(this.db, itemId, [...new Set(sockets.map((s) => s.session.sessionId))], this.now())
    return new Set(sockets.filter((s) => ok.has(s.session.sessionId)))
  }

  /** Presence heartbeat as the person (the policy allows only their own row). */
  private async heartbeat(socket: Socket): Promise<void> {
    try {
      await this.db.asUser(socket.session.claims, (tx) =>
        tx`insert into public.chat_presence (account_id, last_seen_at) values (${socket.session.accountId}, now())
           on conflict (account_id) do update set last_seen_at = now()`)
    } catch {
      // A dead session cannot write; the sweep closes its socket.
    }
  }

  /** Every 30 s: close sockets of revoked or expired sessions, refresh the others' presence. */
  async sweep(): Promise<void> {
    const sockets = [...this.sockets]
    if (sockets.length === 0) return
    const live = await liveSessions(this.db, [...new Set(sockets.map((s) => s.session.sessionId))], this.now())
    const beating = new Set<string>()
    for (const s of sockets) {
      if (!live.has(s.session.sessionId)) {
        s.ws.close(4401, 'session ended')
        this.remove(s)
      } else if (!beating.has(s.session.accountId)) {
        beating.add(s.session.accountId)
        void this.heartbeat(s)
      }
    }
  }
}

function send(socket: Socket, frame: unknown): void {
  if (socket.ws.readyState === 1) socket.ws.send(JSON.stringify(frame))
}

/** Sends a message at most once per subscription (catch-up and live may overlap). */
function deliver(socket: Socket, sub: Subscription, itemId: string, message: LiveMessage, catchUp: boolean): void {
  if (sub.sent.has(message.id)) return
  sub.sent.add(message.id)
  if (sub.sent.size > SENT_MEMORY) sub.sent.delete(sub.sent.values().next().value!)
  send(socket, { type: 'message', itemId, message, ...(catchUp ? { catchUp: true } : {}) })
}
