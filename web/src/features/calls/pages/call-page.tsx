import { useNavigate, useParams } from '@solidjs/router'
import { createSignal, onCleanup, onMount, Show } from 'solid-js'
import { t } from '../../../i18n'
import { toApiError } from '../../../lib/api'
import { usePageTitle } from '../../../lib/page-title'
import { joinCall, endCall, type CallJoin } from '../queries'
import '../calls.css'

type JitsiApi = { dispose(): void; addListener(event: string, fn: () => void): void }
declare global {
  interface Window {
    JitsiMeetExternalAPI?: new (domain: string, options: Record<string, unknown>) => JitsiApi
  }
}

/** Loads external_api.js from the firm's Jitsi once (the CSP allows exactly that origin). */
function loadScript(src: string): Promise<void> {
  if (window.JitsiMeetExternalAPI) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const script = document.createElement('script')
    script.src = src
    script.async = true
    script.onload = () => resolve()
    script.onerror = () => reject(new Error('script'))
    document.head.append(script)
  })
}

/**
 * /anruf/:id: the call embedded with Jitsi's IFrame API from the firm's own server, with the room
 * and a fresh room JWT; audio-only calls start without camera. Without JITSI_URL it explains the
 * setting instead (no public fallback).
 */
export default function CallPage() {
  usePageTitle('calls.title')
  const params = useParams()
  const navigate = useNavigate()
  const [join, setJoin] = createSignal<CallJoin>()
  const [problem, setProblem] = createSignal<'not_configured' | 'ended' | 'script' | 'other'>()
  let frame: HTMLDivElement | undefined
  let api: JitsiApi | undefined
  onMount(async () => {
    try {
      const j = await joinCall(params.id!)
      setJoin(j)
      await loadScript(j.jitsi.scriptUrl)
      api = new window.JitsiMeetExternalAPI!(j.jitsi.domain, {
        roomName: j.room,
        jwt: j.jwt,
        parentNode: frame,
        width: '100%',
        height: '100%',
        noSSL: j.jitsi.origin.startsWith('http:'),
        lang: document.documentElement.lang,
        configOverwrite: { startAudioOnly: j.call.media === 'audio', startWithVideoMuted: j.call.media === 'audio', prejoinConfig: { enabled: false }, disableDeepLinking: true },
        interfaceConfigOverwrite: { SHOW_JITSI_WATERMARK: false },
      })
      api.addListener('readyToClose', () => navigate(-1))
    } catch (err) {
      const code = toApiError(err).code
      setProblem(code === 'calls_not_configured' ? 'not_configured' : code === 'call_ended' ? 'ended' : code === 'client_error' ? 'script' : 'other')
    }
  })
  onCleanup(() => api?.dispose())
  const hangUp = async () => {
    api?.dispose()
    api = undefined
    if (join()?.moderator) await endCall(params.id!).catch(() => {})
    navigate(-1)
  }
  return (
    <div class="page call-page">
      <header class="page-head">
        <p class="eyebrow eyebrow--on-dark">{t('calls.eyebrow')}</p>
        <h1 id="page-title" class="page-head__title">
          {join() ? `${join()!.call.media === 'audio' ? t('calls.audio') : t('calls.video')}: ${join()!.title}` : t('calls.title')}
        </h1>
        <Show when={join()?.moderator}>
          <p class="page-head__lead">{t('calls.moderator')}</p>
        </Show>
      </header>
      <div class="stack">
        <Show when={problem()}>
          {(p) => (
            <section class="panel" role="alert">
              <Show when={p() === 'not_configured'} fallback={<p>{p() === 'ended' ? t('calls.ended') : p() === 'script' ? t('calls.scriptFailed') : t('errors.notAllowed')}</p>}>
                <h2>{t('calls.notConfiguredTitle')}</h2>
                <p>{t('calls.notConfigured')}</p>
              </Show>
            </section>
          )}
        </Show>
        <Show when={!problem()}>
          <section class="call-frame" aria-label={t('calls.title')}>
            <Show when={!join()}>
              <p class="muted">{t('calls.loading')}</p>
            </Show>
            <div class="call-frame__jitsi" ref={frame} data-room={join()?.room} />
          </section>
          <div>
            <button type="button" class="button button--danger" onClick={() => void hangUp()}>
              {t('calls.hangUp')}
            </button>
          </div>
        </Show>
      </div>
    </div>
  )
}
