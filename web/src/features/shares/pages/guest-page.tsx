import { createSignal, For, Match, onMount, Show, Switch } from 'solid-js'
import { DownloadIcon } from '../../../components/action-icons'
import { Alert } from '../../../components/alert'
import { EyeIcon, LockIcon } from '../../../components/icons'
import { PasswordField } from '../../../components/password-field'
import { SubmitButton } from '../../../components/submit-button'
import { TextField } from '../../../components/text-field'
import { locale, t } from '../../../i18n'
import { ApiError, toApiError } from '../../../lib/api'
import { requestIdText } from '../../../lib/error-message'
import { formatTime } from '../../../lib/format'
import { takeFragmentToken } from '../../../lib/fragment-token'
import { usePageTitle } from '../../../lib/page-title'
import { TypeBadge } from '../../documents/components/document-list'
import { formatBytes } from '../../documents/upload/file-check'
import { GuestFirm } from '../components/guest-firm'
import { GuestUploadPanel } from '../components/guest-upload'
import {
  getGuestAnyView as getGuestView,
  type GuestUploadView,
  GUEST_ZIP,
  guestFileUrl,
  openGuest,
  verifyGuest,
  type GuestFile,
  type GuestStep,
  type GuestView,
} from '../queries'
import { guestErrorText } from '../share-errors'
import '../../documents/documents.css'
import '../shares.css'

const PREVIEWABLE = /^(application\/pdf|image\/(png|jpeg|gif|webp))$/

type State =
  | { kind: 'loading' }
  | { kind: 'password'; wrong: boolean }
  | { kind: 'email_code'; emailHint: string }
  | { kind: 'open'; view: GuestView | GuestUploadView }
  | { kind: 'failed'; error: ApiError }

/**
 * /freigabe#<token>: what a third party without an account sees — for a download link the firm's
 * logo and name, the shared files with sizes, download and preview, the expiry and the remaining
 * downloads; for an upload link the upload panel (components/guest-upload.tsx).
 * The token is taken from the fragment (never sent in a URL) and removed from the address bar;
 * the redeemed link lives on as a guest session cookie scoped to this share, so a reload works.
 */
export default function GuestSharePage() {
  usePageTitle('shares.guest.title')
  const token = takeFragmentToken()
  const [state, setState] = createSignal<State>({ kind: 'loading' })

  function fail(error: unknown) {
    setState({ kind: 'failed', error: toApiError(error) })
  }

  async function next(step: GuestStep) {
    if (step.step === 'password') return setState({ kind: 'password', wrong: false })
    if (step.step === 'email_code') return setState({ kind: 'email_code', emailHint: step.emailHint })
    setState({ kind: 'open', view: await getGuestView() })
  }

  onMount(() => {
    const start = token
      ? openGuest(token).then(next)
      : // No token (e.g. a reload): an earlier guest session of this browser may still be valid.
        getGuestView().then((view) => setState({ kind: 'open', view }))
    start.catch(fail)
  })

  return (
    <div class="page page--narrow guest-share">
      <Switch>
        <Match when={state().kind === 'loading'}>
          <p class="muted" role="status">
            {t('app.loading')}
          </p>
        </Match>
        <Match when={state().kind === 'failed' && (state() as { error: ApiError }).error}>
          {(error) => <GuestFailure error={error()} />}
        </Match>
        <Match when={state().kind === 'password' && token}>
          {(current) => (
            <PasswordStep
              token={current()}
              onStep={(step) => next(step).catch(fail)}
              onFail={fail}
            />
          )}
        </Match>
        <Match when={state().kind === 'email_code' && (state() as { emailHint: string })}>
          {(current) => (
            <CodeStep emailHint={current().emailHint} onStep={(step) => next(step).catch(fail)} onFail={fail} />
          )}
        </Match>
        <Match when={state().kind === 'open' && (state() as { view: GuestView | GuestUploadView }).view}>
          {(view) => {
            const current = view()
            // An upload link: name and e-mail, then the upload zone — nothing of what is there.
            return current.kind === 'upload' ? (
              <GuestUploadPanel view={current} onGone={fail} />
            ) : (
              <GuestFiles view={current} onGone={fail} />
            )
          }}
        </Match>
      </Switch>
    </div>
  )
}

function GuestFailure(props: { error: ApiError }) {
  return (
    <section class="guest-share__panel" aria-labelledby="page-title">
      <h1 id="page-title" class="page__title guest-share__title">
        {t('shares.guest.unavailableTitle')}
      </h1>
      <Alert tone="error" detail={props.error.code === 'not_found' ? undefined : requestIdText(props.error)}>
        {guestErrorText(props.error)}
      </Alert>
    </section>
  )
}

function StepHead(props: { title: string; lead: string }) {
  return (
    <>
      <p class="eyebrow">
        <LockIcon class="icon guest-share__lock" /> {t('shares.guest.eyebrow')}
      </p>
      <h1 id="page-title" class="page__title guest-share__title">
        {props.title}
      </h1>
      <p class="guest-share__lead">{props.lead}</p>
    </>
  )
}

/** The link has a password: ask for it; a wrong one is said at the field (the server throttles). */
function PasswordStep(props: { token: string; onStep: (step: GuestStep) => void; onFail: (error: unknown) => void }) {
  const [password, setPassword] = createSignal('')
  const [error, setError] = createSignal<string>()
  const [pending, setPending] = createSignal(false)
  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (pending()) return
    if (!password()) return setError(t('shares.guest.passwordMissing'))
    setPending(true)
    setError(undefined)
    try {
      const step = await openGuest(props.token, password())
      if (step.step === 'password') setError(t('shares.guest.passwordWrong'))
      else props.onStep(step)
    } catch (thrown) {
      const apiError = toApiError(thrown)
      if (apiError.code === 'password_wrong') setError(t('shares.guest.passwordWrong'))
      else if (apiError.code === 'rate_limited') setError(t('shares.errors.rate_limited'))
      else props.onFail(apiError)
    } finally {
      setPending(false)
    }
  }
  return (
    <section class="guest-share__panel" aria-labelledby="page-title">
      <StepHead title={t('shares.guest.passwordTitle')} lead={t('shares.guest.passwordLead')} />
      <form class="form" novalidate onSubmit={submit}>
        <PasswordField
          id="share-password"
          label={t('shares.guest.password')}
          value={password()}
          onInput={setPassword}
          autocomplete="off"
          error={error()}
        />
        <SubmitButton pending={pending()}>{t('shares.guest.continue')}</SubmitButton>
      </form>
    </section>
  )
}

/** The recipient must confirm with the code just mailed to them. */
function CodeStep(props: { emailHint: string; onStep: (step: GuestStep) => void; onFail: (error: unknown) => void }) {
  const [code, setCode] = createSignal('')
  const [error, setError] = createSignal<string>()
  const [pending, setPending] = createSignal(false)
  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (pending()) return
    if (!code().trim()) return setError(t('shares.guest.codeMissing'))
    setPending(true)
    setError(undefined)
    try {
      props.onStep(await verifyGuest(code().trim()))
    } catch (thrown) {
      const apiError = toApiError(thrown)
      if (apiError.code === 'rate_limited') setError(t('shares.errors.rate_limited'))
      else if (apiError.status === 401 || apiError.status === 422) setError(t('shares.guest.codeWrong'))
      else props.onFail(apiError)
    } finally {
      setPending(false)
    }
  }
  return (
    <section class="guest-share__panel" aria-labelledby="page-title">
      <StepHead title={t('shares.guest.codeTitle')} lead={t('shares.guest.codeLead', { email: props.emailHint })} />
      <form class="form" novalidate onSubmit={submit}>
        <TextField
          id="share-code"
          label={t('shares.guest.code')}
          value={code()}
          onInput={setCode}
          inputMode="numeric"
          autocomplete="one-time-code"
          variant="code"
          maxLength={12}
          error={error()}
        />
        <SubmitButton pending={pending()}>{t('shares.guest.confirm')}</SubmitButton>
      </form>
    </section>
  )
}

/** Saves a fetched file under its name (a blob link, so a refusal can be said in words). */
function saveBlob(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

async function readError(response: Response): Promise<ApiError> {
  let payload: { code?: string; message?: string; requestId?: string } | undefined
  try {
    payload = (await response.json()) as typeof payload
  } catch {
    payload = undefined
  }
  return new ApiError(payload?.code ?? 'bad_response', {
    status: response.status,
    message: payload?.message,
    requestId: payload?.requestId ?? response.headers.get('X-Request-Id') ?? undefined,
  })
}

/** The shared files: download (counted), preview, expiry and what is left of the limit. */
function GuestFiles(props: { view: GuestView; onGone: (error: unknown) => void }) {
  const [remaining, setRemaining] = createSignal(props.view.remainingDownloads)
  const [busy, setBusy] = createSignal<string>()
  const [failure, setFailure] = createSignal<{ text: string; detail?: string }>()
  const limitReached = () => remaining() !== null && remaining()! <= 0
  const isGroup = () => Boolean(props.view.isGroup)

  async function download(key: string, url: string, filename: string) {
    if (busy()) return
    setBusy(key)
    setFailure(undefined)
    try {
      let response: Response
      try {
        response = await fetch(url, { credentials: 'same-origin' })
      } catch {
        throw new ApiError('network_error', { status: 0 })
      }
      if (!response.ok) {
        const error = await readError(response)
        if (error.code === 'not_found' && limitReached()) throw new ApiError('download_limit', { status: 404 })
        if (error.code === 'not_found') return props.onGone(error)
        throw error
      }
      saveBlob(await response.blob(), filename)
      if (remaining() !== null) setRemaining(remaining()! - 1)
    } catch (thrown) {
      const error = toApiError(thrown)
      setFailure({ text: guestErrorText(error), detail: error.code === 'download_limit' ? undefined : requestIdText(error) })
    } finally {
      setBusy(undefined)
    }
  }

  return (
    <section class="guest-share__panel" aria-labelledby="page-title">
      <GuestFirm firmName={props.view.firmName} hasLogo={props.view.hasLogo} />
      <h1 id="page-title" class="page__title guest-share__title">
        {props.view.title}
      </h1>
      <p class="guest-share__lead">{t('shares.guest.lead', { firm: props.view.firmName })}</p>
      <dl class="facts guest-share__facts">
        <div class="facts__row">
          <dt>{t('shares.guest.expires')}</dt>
          <dd>{formatTime(props.view.expiresAt, 'dateTime')}</dd>
        </div>
        <Show when={remaining() !== null}>
          <div class="facts__row">
            <dt>{t('shares.guest.remaining')}</dt>
            <dd data-testid="remaining">
              {limitReached() ? t('shares.guest.noneLeft') : String(remaining())}
            </dd>
          </div>
        </Show>
      </dl>
      <Show when={failure()}>
        {(f) => (
          <Alert tone="error" detail={f().detail}>
            {f().text}
          </Alert>
        )}
      </Show>
      <ul class="item-list guest-share__files" aria-label={t('shares.guest.files')}>
        <For each={props.view.files}>
          {(file: GuestFile) => (
            <li class="item guest-share__file">
              <span class="item__icon" aria-hidden="true">
                <TypeBadge filename={file.filename} />
              </span>
              <div class="item__body">
                <p class="item__title guest-share__filename">{file.filename}</p>
                <p class="item__meta">{formatBytes(file.size, locale())}</p>
              </div>
              <div class="guest-share__actions">
                <Show when={PREVIEWABLE.test(file.mediaType)}>
                  <a
                    href={guestFileUrl(file.id, true)}
                    target="_blank"
                    rel="noopener"
                    class="button button--secondary button--small"
                    aria-label={t('shares.guest.previewLabel', { name: file.filename })}
                  >
                    <EyeIcon class="icon" />
                    <span>{t('shares.guest.preview')}</span>
                  </a>
                </Show>
                <button
                  type="button"
                  class="button button--primary button--small"
                  classList={{ 'button--pending': busy() === file.id }}
                  aria-disabled={busy() ? 'true' : undefined}
                  aria-label={t('shares.guest.downloadLabel', { name: file.filename })}
                  onClick={() => void download(file.id, guestFileUrl(file.id), file.filename)}
                >
                  <span class="button__spinner" aria-hidden="true" />
                  <DownloadIcon />
                  <span>{t('shares.guest.download')}</span>
                </button>
              </div>
            </li>
          )}
        </For>
      </ul>
      <Show when={isGroup() && props.view.files.length > 1}>
        <button
          type="button"
          class="button button--secondary"
          classList={{ 'button--pending': busy() === 'zip' }}
          onClick={() => void download('zip', GUEST_ZIP, `${props.view.title}.zip`)}
        >
          <span class="button__spinner" aria-hidden="true" />
          <DownloadIcon />
          <span>{t('shares.guest.zip')}</span>
        </button>
      </Show>
      <p class="muted guest-share__note">{t('shares.guest.note')}</p>
    </section>
  )
}
