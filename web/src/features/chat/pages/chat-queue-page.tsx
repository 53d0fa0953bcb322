import { A, createAsync, revalidate, useAction } from '@solidjs/router'
import { createMemo, createSignal, For, onCleanup, onMount, Show } from 'solid-js'
import { t } from '../../../i18n'
import { chatError, textOf } from '../texts'
import { toApiError } from '../../../lib/api'
import { formatTime } from '../../../lib/format'
import { usePageTitle } from '../../../lib/page-title'
import { useAccount } from '../../auth/account-context'
import { CallButtons } from '../components/chat-dock'
import { ChatThread } from '../components/chat-thread'
import { convertChat, getCategories, getOpenChats, takeChat, type ChatSummary } from '../queries'
import { realtime } from '../realtime'
import '../chat.css'

/**
 * /chats (staff): the waiting chats of the caller's clients and their own, live (a new chat or a
 * take-over elsewhere refreshes the lists); the chosen chat beside them with take over, calls and
 * "turn into a request".
 */
export default function ChatQueuePage() {
  usePageTitle('chat.queue.title')
  const account = useAccount()
  const waiting = createAsync(() => getOpenChats('queue').catch(() => []), { initialValue: [] })
  const mine = createAsync(() => getOpenChats('assigned').catch(() => []), { initialValue: [] })
  const [selected, setSelected] = createSignal<string>()
  const [error, setError] = createSignal<string>()
  const take = useAction(takeChat)
  // The chosen chat stays while the lists refresh (it moves from waiting to mine on take-over).
  let last: ChatSummary | undefined
  const chosen = createMemo(() => {
    const found = [...waiting(), ...mine()].find((c) => c.id === selected())
    if (found || last?.id !== selected()) last = found
    return last
  })
  const refresh = () => revalidate([getOpenChats.keyFor('queue'), getOpenChats.keyFor('assigned')])
  onMount(() => {
    realtime.start()
    onCleanup(realtime.listen((event) => (event.type === 'conversation' || event.type === 'message') && void refresh()))
  })
  const takeOver = async (chat: ChatSummary) => {
    setError(undefined)
    try {
      await take(chat.id)
    } catch (err) {
      setError(chatError(err))
    }
    await refresh()
  }
  return (
    <div class="page">
      <header class="page-head">
        <p class="eyebrow eyebrow--on-dark">{t('chat.queue.eyebrow')}</p>
        <h1 id="page-title" class="page-head__title">{t('chat.queue.title')}</h1>
        <p class="page-head__lead">{t('chat.queue.lead')}</p>
      </header>
      <div class="stack">
        <Show when={error()}>
          <p role="alert" class="chat-thread__error">{error()}</p>
        </Show>
        <div class="chat-queue">
          <section class="panel" aria-labelledby="queue-waiting">
            <h2 id="queue-waiting" class="chat-queue__heading">{t('chat.queue.waiting')}</h2>
            <ChatList chats={waiting()} empty={t('chat.queue.emptyWaiting')} selected={selected()} onSelect={setSelected} />
            <h2 class="chat-queue__heading">{t('chat.queue.mine')}</h2>
            <ChatList chats={mine()} empty={t('chat.queue.emptyMine')} selected={selected()} onSelect={setSelected} />
            <Show when={account()?.isAdmin}>
              <A href="/verwaltung/sprechzeiten">{t('chat.queue.hoursLink')}</A>
            </Show>
          </section>
          <Show when={chosen()} fallback={<section class="panel"><p class="muted">{t('chat.queue.choose')}</p></section>}>
            {(chat) => (
              <section class="chat-queue__open" aria-label={chat().subject}>
                <div class="chat-queue__actions">
                  <h2>{chat().clientName ?? chat().subject}</h2>
                  <Show when={!chat().assigneeId}>
                    <button type="button" class="button button--small button--brass" onClick={() => void takeOver(chat())}>
                      {t('chat.queue.take')}
                    </button>
                  </Show>
                  <Show when={chat().assigneeId === account()?.id}>
                    <ConvertForm chat={chat()} onDone={() => void refresh()} />
                  </Show>
                </div>
                <CallButtons itemId={chat().id} />
                <Show when={chat().id} keyed>
                  {(itemId) => <ChatThread itemId={itemId} clientId={chat().clientId} side="firm" me={account()!.id} />}
                </Show>
              </section>
            )}
          </Show>
        </div>
      </div>
    </div>
  )
}

function ChatList(props: { chats: ChatSummary[]; empty: string; selected?: string; onSelect: (id: string) => void }) {
  return (
    <Show when={props.chats.length > 0} fallback={<p class="muted">{props.empty}</p>}>
      <ul class="chat-queue__list">
        <For each={props.chats}>
          {(chat) => (
            <li>
              <button type="button" class="chat-queue__entry" aria-current={props.selected === chat.id ? 'true' : undefined} onClick={() => props.onSelect(chat.id)}>
                <strong>{chat.clientName ?? chat.subject}</strong>
                <span class="chat-queue__meta">
                  {chat.waitingSince ? t('chat.queue.since', { time: formatTime(chat.waitingSince) }) : chat.subject}
                </span>
              </button>
            </li>
          )}
        </For>
      </ul>
    </Show>
  )
}

function ConvertForm(props: { chat: ChatSummary; onDone: () => void }) {
  const [open, setOpen] = createSignal(false)
  const [subject, setSubject] = createSignal('')
  const [category, setCategory] = createSignal('')
  const [done, setDone] = createSignal(false)
  const [error, setError] = createSignal<string>()
  const categories = createAsync(() => (open() ? getCategories() : Promise.resolve([])), { initialValue: [] })
  const submit = async (event: SubmitEvent) => {
    event.preventDefault()
    try {
      await convertChat(props.chat.id, subject().trim(), category() || categories()[0]!.id)
      setDone(true)
      props.onDone()
    } catch (err) {
      setError(chatError(err))
    }
  }
  return (
    <Show when={!done()} fallback={<A href={`/nachrichten/${props.chat.id}`}>{t('chat.queue.openRequest')}</A>}>
      <Show when={open()} fallback={<button type="button" class="button button--small" onClick={() => setOpen(true)}>{t('chat.queue.convert')}</button>}>
        <form class="chat-convert" onSubmit={submit} aria-label={t('chat.queue.convertTitle')}>
          <label class="visually-hidden" for="convert-subject">{t('chat.queue.subject')}</label>
          <input id="convert-subject" required maxLength={300} placeholder={t('chat.queue.subject')} value={subject()} onInput={(e) => setSubject(e.currentTarget.value)} />
          <label class="visually-hidden" for="convert-category">{t('chat.queue.category')}</label>
          <select id="convert-category" value={category()} onChange={(e) => setCategory(e.currentTarget.value)}>
            <For each={categories()}>{(c) => <option value={c.id}>{c.nameDe}</option>}</For>
          </select>
          <button type="submit" class="button button--small">{t('chat.queue.convert')}</button>
          <Show when={error()}><span role="alert">{error()}</span></Show>
        </form>
      </Show>
    </Show>
  )
}
