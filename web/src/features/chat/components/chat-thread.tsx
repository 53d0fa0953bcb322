import { A, createAsync } from '@solidjs/router'
import { createEffect, createSignal, For, onCleanup, onMount, Show } from 'solid-js'
import { t } from '../../../i18n'
import { chatError, textOf } from '../texts'
import { formatTime } from '../../../lib/format'
import { getDocuments } from '../../documents/queries'
import { getChatMessages, getReadState, markChatRead } from '../queries'
import { realtime, realtimeConnected, type ChatMessage } from '../realtime'

type Line = ChatMessage & { pending?: boolean }

/**
 * One chat, live: the history from the messages API, then the socket (catch-up on every
 * reconnect, each message once by id), the other side's typing, and marks on one's own lines:
 * "Wird gesendet …" until the server stored it, "Zugestellt", "Gelesen" once the other side has
 * read up to it. Attachments are references to documents the writer sees.
 */
export function ChatThread(props: { itemId: string; clientId: string; side: 'client' | 'firm'; me: string }) {
  const [lines, setLines] = createSignal<Line[]>([])
  const [typing, setTyping] = createSignal(false)
  const [readAt, setReadAt] = createSignal<string | null>(null)
  const [draft, setDraft] = createSignal('')
  const [attachment, setAttachment] = createSignal('')
  const [error, setError] = createSignal<string>()
  const documents = createAsync(() => getDocuments({ clientId: props.clientId }).catch(() => []), { initialValue: [] })
  let list: HTMLOListElement | undefined
  let typingTimer: ReturnType<typeof setTimeout> | undefined
  let lastTyping = 0

  const add = (message: Line) =>
    setLines((current) => {
      const rest = current.filter((l) => l.id !== message.id && !(l.pending && message.clientRef && l.clientRef === message.clientRef))
      return [...rest, message].sort((a, b) => (a.pending ? 1 : 0) - (b.pending ? 1 : 0) || a.createdAt.localeCompare(b.createdAt))
    })
  const refreshRead = () => void getReadState(props.itemId).then((r) => setReadAt(r.otherSideReadAt), () => {})
  const markRead = () => {
    if (document.visibilityState === 'visible') void markChatRead(props.itemId).catch(() => {})
  }

  onMount(async () => {
    const off = realtime.listen((event) => {
      if (!('itemId' in event) || event.itemId !== props.itemId) return
      if (event.type === 'message') {
        add(event.message)
        if (event.message.authorId !== props.me) {
          setTyping(false)
          markRead()
        }
      } else if (event.type === 'typing') {
        setTyping(true)
        clearTimeout(typingTimer)
        typingTimer = setTimeout(() => setTyping(false), 4000)
      } else if (event.type === 'read') refreshRead()
      else if (event.type === 'error' && event.ref) {
        const failed = lines().find((l) => l.pending && l.clientRef === event.ref)
        setLines((current) => current.filter((l) => l !== failed))
        if (failed?.body && !draft()) setDraft(failed.body)
        setError(chatError(event.code))
      }
    })
    let subscribed = false
    let disposed = false
    onCleanup(() => {
      disposed = true
      off()
      if (subscribed) realtime.unsubscribe(props.itemId)
      clearTimeout(typingTimer)
    })
    const history = await getChatMessages(props.itemId).catch(() => [] as ChatMessage[])
    if (disposed) return
    for (const m of history) add(m)
    realtime.subscribe(props.itemId, history.map((m) => m.id))
    subscribed = true
    refreshRead()
    markRead()
  })

  createEffect(() => {
    lines()
    typing()
    queueMicrotask(() => list?.lastElementChild?.scrollIntoView({ block: 'end' }))
  })

  const send = (event: SubmitEvent) => {
    event.preventDefault()
    const body = draft().trim()
    if (!body) return
    setError(undefined)
    const attachmentIds = attachment() ? [attachment()] : []
    const ref = realtime.send(props.itemId, body, attachmentIds)
    const title = documents().find((d) => d.id === attachment())?.title ?? ''
    add({
      id: `pending-${ref}`, itemId: props.itemId, authorId: props.me, authorName: null, authorIsStaff: props.side === 'firm',
      body, createdAt: new Date().toISOString(), editedAt: null, deletedAt: null, clientRef: ref, pending: true,
      attachments: attachmentIds.map((id) => ({ id, title, filename: null })),
    })
    setDraft('')
    setAttachment('')
  }

  const onInput = (value: string) => {
    setDraft(value)
    if (Date.now() - lastTyping > 2000) {
      lastTyping = Date.now()
      realtime.typing(props.itemId)
    }
  }

  const mark = (line: Line) =>
    line.pending ? t('chat.pending') : readAt() && readAt()! >= line.createdAt ? t('chat.read') : t('chat.delivered')

  return (
    <div class="chat-thread">
      <Show when={!realtimeConnected()}>
        <p class="chat-thread__offline" role="status">{t('chat.offline')}</p>
      </Show>
      <ol class="chat-thread__lines" ref={list} aria-live="polite" aria-label={t('chat.title')}>
        <Show when={lines().length === 0}>
          <li class="chat-thread__empty">{t('chat.empty')}</li>
        </Show>
        <For each={lines()}>
          {(line) => {
            const mine = () => line.authorId === props.me
            return (
              <li class={`chat-line ${mine() ? 'chat-line--mine' : ''} ${line.pending ? 'chat-line--pending' : ''}`} data-message-id={line.pending ? undefined : line.id}>
                <span class="chat-line__who">
                  {mine() ? t('chat.you') : line.authorIsStaff ? (line.authorName ?? t('chat.firm')) : (line.authorName ?? '')}
                </span>
                <Show when={line.body !== null} fallback={<em class="muted">{t('chat.deleted')}</em>}>
                  <p class="chat-line__body">{line.body}</p>
                </Show>
                <For each={line.attachments}>
                  {(a) => (
                    <A class="chat-line__attachment" href={`/dokumente/${a.id}`}>
                      {t('chat.attachment', { title: a.title })}
                    </A>
                  )}
                </For>
                <span class="chat-line__meta">
                  <time dateTime={line.createdAt}>{formatTime(line.createdAt)}</time>
                  <Show when={mine()}>
                    <span class="chat-line__mark" data-mark={line.pending ? 'pending' : readAt() && readAt()! >= line.createdAt ? 'read' : 'delivered'}>
                      {' · '}
                      {mark(line)}
                    </span>
                  </Show>
                </span>
              </li>
            )
          }}
        </For>
      </ol>
      <p class="chat-thread__typing" role="status">
        <Show when={typing()}>{props.side === 'client' ? t('chat.typingFirm') : t('chat.typingClient')}</Show>
      </p>
      <Show when={error()}>
        <p class="chat-thread__error" role="alert">{error()}</p>
      </Show>
      <form class="chat-composer" onSubmit={send}>
        <label class="visually-hidden" for={`chat-input-${props.itemId}`}>
          {t('chat.message')}
        </label>
        <textarea
          id={`chat-input-${props.itemId}`}
          class="chat-composer__input"
          rows={2}
          maxLength={20000}
          value={draft()}
          onInput={(e) => onInput(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault()
              e.currentTarget.form?.requestSubmit()
            }
          }}
        />
        <div class="chat-composer__row">
          <Show when={documents().length > 0}>
            <label class="visually-hidden" for={`chat-attach-${props.itemId}`}>
              {t('chat.attach')}
            </label>
            <select id={`chat-attach-${props.itemId}`} class="chat-composer__attach" title={t('chat.attachHint')} value={attachment()} onChange={(e) => setAttachment(e.currentTarget.value)}>
              <option value="">{t('chat.attachNone')}</option>
              <For each={documents()}>{(d) => <option value={d.id}>{d.title}</option>}</For>
            </select>
          </Show>
          <button type="submit" class="button button--small">
            {t('chat.send')}
          </button>
        </div>
      </form>
    </div>
  )
}
