import { A, createAsync, revalidate, useNavigate } from '@solidjs/router'
import { createEffect, createSignal, For, onCleanup, onMount, Show } from 'solid-js'
import { t } from '../../../i18n'
import { chatError, textOf } from '../texts'
import { toApiError } from '../../../lib/api'
import type { CurrentAccount } from '../../auth/queries'
import { currentClient } from '../../clients/current-client'
import { getMyClients } from '../../clients/queries'
import { getAvailability, getCallSettings, getOpenChats, startCall, startChat, type OfficeHoursSpan } from '../queries'
import { realtime } from '../realtime'
import { ChatThread } from './chat-thread'
import '../chat.css'

/** "Mo–Fr 09:00–17:00"-style lines of the office hours, one per distinct span. */
export function hoursText(spans: OfficeHoursSpan[]): string[] {
  const byTime = new Map<string, number[]>()
  for (const s of spans) byTime.set(`${s.opensAt}–${s.closesAt}`, [...(byTime.get(`${s.opensAt}–${s.closesAt}`) ?? []), s.weekday])
  const day = (d: number) => textOf(`chat.hours.short.${d}`)
  return [...byTime].map(([time, days]) => {
    const run = days.length > 2 && days.every((d, i) => i === 0 || d === days[i - 1]! + 1)
    return `${run ? `${day(days[0]!)}–${day(days.at(-1)!)}` : days.map(day).join(', ')} ${time}`
  })
}

/**
 * On every signed-in page: keeps the realtime connection (staff presence is "has the portal
 * open"), shows call invitations, and for client users the chat panel — whether the firm is
 * reachable (staff online and office hours), the open chat live, or the offer to leave a request.
 */
export function ChatDock(props: { account: CurrentAccount }) {
  const [invite, setInvite] = createSignal<{ callId: string } | undefined>()
  onMount(() => {
    realtime.start()
    const off = realtime.listen((event) => {
      if (event.type === 'call') setInvite({ callId: event.callId })
      if (event.type === 'call_ended' && invite()?.callId === event.callId) setInvite(undefined)
    })
    onCleanup(off)
  })
  return (
    <>
      <Show when={invite()}>
        {(call) => (
          <div class="call-invite" role="alert">
            <span>{t('chat.incomingCall')}</span>
            <A class="button button--small button--brass" href={`/anruf/${call().callId}`} onClick={() => setInvite(undefined)}>
              {t('chat.join')}
            </A>
            <button type="button" class="link-button" onClick={() => setInvite(undefined)}>
              {t('common.close')}
            </button>
          </div>
        )}
      </Show>
      <Show when={props.account.kind === 'client'}>
        <ClientChat account={props.account} />
      </Show>
    </>
  )
}

function ClientChat(props: { account: CurrentAccount }) {
  const [open, setOpen] = createSignal(false)
  const clients = createAsync(() => getMyClients().catch(() => []), { initialValue: [] })
  const client = () => currentClient(clients())
  const availability = createAsync(() => (open() ? getAvailability().catch(() => undefined) : Promise.resolve(undefined)))
  const chats = createAsync(() => (open() ? getOpenChats('mine').catch(() => []) : Promise.resolve([])), { initialValue: [] })
  const chat = () => chats().find((c) => c.clientId === client()?.id) ?? chats()[0]
  // A chat taken over, closed or turned into a request elsewhere: the panel follows.
  onMount(() => onCleanup(realtime.listen((event) => event.type === 'conversation' && open() && void revalidate(getOpenChats.keyFor('mine')))))
  // While the floating button is shown, the page keeps room below its last row (chat.css), so
  // the button never covers a row, on phones above all.
  createEffect(() => document.body.classList.toggle('has-chat-dock', Boolean(client())))
  onCleanup(() => document.body.classList.remove('has-chat-dock'))
  return (
    <Show when={client()}>
      <div class={`chat-dock ${open() ? 'chat-dock--open' : ''}`}>
        <Show
          when={open()}
          fallback={
            <button type="button" class="chat-dock__toggle" aria-expanded="false" onClick={() => setOpen(true)}>
              {t('chat.open')}
            </button>
          }
        >
          <section class="chat-panel" aria-labelledby="chat-panel-title">
            <header class="chat-panel__head">
              <div>
                <h2 id="chat-panel-title" class="chat-panel__title">{t('chat.title')}</h2>
                <Status availability={availability()} />
              </div>
              <button type="button" class="chat-panel__close" aria-label={t('chat.close')} onClick={() => setOpen(false)}>
                ×
              </button>
            </header>
            <Show
              when={chat()}
              fallback={
                <Show when={availability()}>
                  {(a) => (
                    <Show when={a().reachable} fallback={<LeaveRequest spans={a().officeHours} />}>
                      <StartChat clientId={client()!.id} />
                    </Show>
                  )}
                </Show>
              }
            >
              {(c) => (
                <>
                  <CallButtons itemId={c().id} />
                  <Show when={c().id} keyed>
                    {(itemId) => <ChatThread itemId={itemId} clientId={c().clientId} side="client" me={props.account.id} />}
                  </Show>
                </>
              )}
            </Show>
          </section>
        </Show>
      </div>
    </Show>
  )
}

function Status(props: { availability?: { reachable: boolean; inOfficeHours: boolean; staffOnline: boolean } }) {
  return (
    <Show when={props.availability}>
      {(a) => (
        <p class={`chat-status ${a().reachable ? 'chat-status--on' : 'chat-status--off'}`} data-reachable={String(a().reachable)}>
          {a().reachable ? t('chat.reachable') : a().inOfficeHours ? t('chat.nobodyOnline') : t('chat.outsideHours')}
        </p>
      )}
    </Show>
  )
}

function LeaveRequest(props: { spans: OfficeHoursSpan[] }) {
  return (
    <div class="chat-panel__body">
      <p>{t('chat.leaveRequest')}</p>
      <p class="muted">
        <strong>{t('chat.hoursLabel')}:</strong>{' '}
        <Show when={props.spans.length > 0} fallback={t('chat.noHours')}>
          <For each={hoursText(props.spans)}>{(line, i) => <>{i() > 0 ? '; ' : ''}{line}</>}</For>
        </Show>
      </p>
      <A class="button button--small" href="/nachrichten/neu">
        {t('chat.leaveRequestLink')}
      </A>
    </div>
  )
}

function StartChat(props: { clientId: string }) {
  const [text, setText] = createSignal('')
  const [error, setError] = createSignal<string>()
  const submit = async (event: SubmitEvent) => {
    event.preventDefault()
    if (!text().trim()) return
    try {
      await startChat(props.clientId, text().trim())
      await revalidate(getOpenChats.keyFor('mine'))
    } catch (err) {
      const code = toApiError(err).code
      setError(chatError(code))
    }
  }
  return (
    <form class="chat-panel__body" onSubmit={submit}>
      <p>{t('chat.startLead')}</p>
      <label class="field__label" for="chat-first">
        {t('chat.firstMessage')}
      </label>
      <textarea id="chat-first" class="chat-composer__input" rows={3} value={text()} onInput={(e) => setText(e.currentTarget.value)} />
      <Show when={error()}>
        <p role="alert" class="chat-thread__error">{error()}</p>
      </Show>
      <button type="submit" class="button button--small">
        {t('chat.start')}
      </button>
    </form>
  )
}

/** "Anruf" / "Videoanruf" for a conversation; without JITSI_URL a sentence instead. */
export function CallButtons(props: { itemId: string }) {
  const navigate = useNavigate()
  const settings = createAsync(() => getCallSettings().catch(() => undefined))
  const [error, setError] = createSignal<string>()
  const call = async (media: 'audio' | 'video') => {
    try {
      const room = await startCall(props.itemId, media)
      navigate(`/anruf/${room.id}`)
    } catch (err) {
      setError(chatError(err))
    }
  }
  return (
    <Show when={settings()}>
      {(s) => (
        <div class="chat-calls">
          <Show when={s().enabled} fallback={<p class="chat-calls__off muted">{t('chat.callsOff')}</p>}>
            <button type="button" class="button button--small" onClick={() => void call('audio')}>
              {t('chat.callAudio')}
            </button>
            <button type="button" class="button button--small" onClick={() => void call('video')}>
              {t('chat.callVideo')}
            </button>
          </Show>
          <Show when={error()}>
            <p role="alert" class="chat-thread__error">{error()}</p>
          </Show>
        </div>
      )}
    </Show>
  )
}
