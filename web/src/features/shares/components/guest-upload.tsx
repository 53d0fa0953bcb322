import { createSignal, For, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { SubmitButton } from '../../../components/submit-button'
import { TextField } from '../../../components/text-field'
import { locale, t } from '../../../i18n'
import { ApiError, toApiError } from '../../../lib/api'
import { formatTime } from '../../../lib/format'
import { TypeBadge } from '../../documents/components/document-list'
import { resumableUpload } from '../../documents/upload/transport'
import { formatBytes } from '../../documents/upload/file-check'
import { GuestFirm } from './guest-firm'
import { getGuestAnyView, GUEST_TUS, identifyGuest, type GuestUploadView } from '../queries'

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const KNOWN = ['type_not_allowed', 'type_mismatch', 'payload_too_large', 'upload_limit_reached', 'malware_found', 'request_closed', 'quota_exceeded', 'too_many_uploads', 'scan_unavailable', 'network_error']

type Row = { key: number; filename: string; size: number; percent: number; state: 'uploading' | 'done' | 'failed'; error?: string }

/**
 * An upload link's guest page: first name and e-mail, then an upload zone (drop or choose) with
 * progress per file, and the list of this guest session's own uploads — nothing else of the target.
 * Files go up resumably (tus, 8 MiB chunks, retries): after a lost connection or a reload the same
 * file chosen again continues where it stopped.
 */
export function GuestUploadPanel(props: { view: GuestUploadView; onGone: (error: unknown) => void }) {
  const [view, setView] = createSignal(props.view)
  async function refresh() {
    const next = await getGuestAnyView()
    if (next.kind === 'upload') setView(next)
  }
  return (
    <section class="guest-share__panel guest-upload" aria-labelledby="page-title">
      <GuestFirm firmName={view().firmName} hasLogo={view().hasLogo} />
      <h1 id="page-title" class="page__title guest-share__title">
        {view().title}
      </h1>
      <p class="guest-share__lead">{t('shares.upload.guest.lead', { firm: view().firmName })}</p>
      <dl class="facts guest-share__facts">
        <div class="facts__row">
          <dt>{t('shares.guest.expires')}</dt>
          <dd>{formatTime(view().expiresAt, 'dateTime')}</dd>
        </div>
      </dl>
      <Show when={view().guest} fallback={<WhoForm onDone={() => refresh().catch(props.onGone)} onGone={props.onGone} />}>
        {(who) => <UploadZone view={view()} who={who()} onUploaded={() => refresh().catch(props.onGone)} onGone={props.onGone} />}
      </Show>
      <p class="muted guest-share__note">{t('shares.upload.guest.note')}</p>
    </section>
  )
}

function WhoForm(props: { onDone: () => void; onGone: (error: unknown) => void }) {
  const [name, setName] = createSignal('')
  const [email, setEmail] = createSignal('')
  const [errors, setErrors] = createSignal<{ name?: string; email?: string }>({})
  const [pending, setPending] = createSignal(false)
  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (pending()) return
    const found = {
      name: name().trim() ? undefined : t('shares.upload.guest.nameMissing'),
      email: EMAIL.test(email().trim()) ? undefined : t('shares.upload.guest.emailInvalid'),
    }
    setErrors(found)
    if (found.name || found.email) return
    setPending(true)
    try {
      await identifyGuest(name().trim(), email().trim())
      props.onDone()
    } catch (thrown) {
      const error = toApiError(thrown)
      if (error.code === 'validation_failed') setErrors({ email: t('shares.upload.guest.emailInvalid') })
      else props.onGone(error)
    } finally {
      setPending(false)
    }
  }
  return (
    <form class="form guest-upload__who" novalidate onSubmit={submit}>
      <h2 class="guest-upload__heading">{t('shares.upload.guest.whoTitle')}</h2>
      <p class="muted">{t('shares.upload.guest.whoLead')}</p>
      <TextField id="guest-name" label={t('shares.upload.guest.name')} value={name()} onInput={(v) => { setName(v); setErrors({ ...errors(), name: undefined }) }} autocomplete="name" maxLength={200} error={errors().name} />
      <TextField id="guest-email" type="email" label={t('shares.upload.guest.email')} value={email()} onInput={(v) => { setEmail(v); setErrors({ ...errors(), email: undefined }) }} autocomplete="email" spellcheck={false} error={errors().email} />
      <SubmitButton pending={pending()}>{t('shares.upload.guest.continue')}</SubmitButton>
    </form>
  )
}

function UploadZone(props: { view: GuestUploadView; who: { name: string; email: string }; onUploaded: () => void; onGone: (error: unknown) => void }) {
  const [rows, setRows] = createSignal<Row[]>([])
  const [over, setOver] = createSignal(false)
  let input: HTMLInputElement | undefined
  let next = 0
  const full = () => props.view.remainingFiles !== null && props.view.remainingFiles <= 0
  const update = (key: number, patch: Partial<Row>) => setRows(rows().map((r) => (r.key === key ? { ...r, ...patch } : r)))

  function errorText(error: ApiError) {
    return KNOWN.includes(error.code) ? (t as unknown as (key: string) => string)(`shares.upload.guest.errors.${error.code}`) : t('shares.upload.guest.errors.other')
  }

  function send(file: File): Promise<void> {
    const key = next++
    setRows([...rows(), { key, filename: file.name, size: file.size, percent: 0, state: 'uploading' }])
    return new Promise((resolve) => {
      resumableUpload(GUEST_TUS, file, { filename: file.name }, {
        onProgress: (sent, total) => update(key, { percent: total ? Math.floor((sent / total) * 100) : 0 }),
        onDone: () => {
          update(key, { percent: 100, state: 'done' })
          resolve()
        },
        onError: (error) => {
          if (error.code === 'not_found') props.onGone(error)
          else update(key, { state: 'failed', error: errorText(error) })
          resolve()
        },
      })
    })
  }

  async function take(list: FileList | null | undefined) {
    if (!list?.length) return
    // One after the other: the link's file limit is counted in order.
    for (const file of Array.from(list)) await send(file)
    props.onUploaded()
    if (input) input.value = ''
  }

  return (
    <>
      <p class="guest-upload__as">{t('shares.upload.guest.as', { name: props.who.name, email: props.who.email })}</p>
      <Show
        when={!full()}
        fallback={<Alert tone="info">{t('shares.upload.guest.noneLeft')}</Alert>}>
        <div
          class="guest-upload__zone"
          classList={{ 'guest-upload__zone--over': over() }}
          onDragOver={(e) => {
            e.preventDefault()
            setOver(true)
          }}
          onDragLeave={() => setOver(false)}
          onDrop={(e) => {
            e.preventDefault()
            setOver(false)
            void take(e.dataTransfer?.files)
          }}>
          <span>{t('shares.upload.guest.drop')}</span>{' '}
          <label class="button button--primary button--small guest-upload__choose">
            <span>{t('shares.upload.guest.choose')}</span>
            <input ref={input} type="file" multiple class="visually-hidden" data-testid="guest-upload-input" onChange={(e) => void take(e.currentTarget.files)} />
          </label>
          <p class="muted guest-upload__limits">
            {t('shares.upload.guest.limits', { size: formatBytes(props.view.maxFileBytes, locale()) })}
            <Show when={props.view.remainingFiles !== null}> {t('shares.upload.guest.remaining', { n: String(props.view.remainingFiles) })}</Show>
          </p>
          <p class="muted guest-upload__limits">{t('shares.upload.guest.resume')}</p>
        </div>
      </Show>
      <Show when={rows().length}>
        <ul class="guest-upload__progress" aria-live="polite">
          <For each={rows()}>
            {(row) => (
              <li class="guest-upload__row" classList={{ 'guest-upload__row--failed': row.state === 'failed' }}>
                <span class="guest-upload__name">{row.filename}</span>
                <progress max="100" value={row.percent} aria-label={row.filename} />
                <span class="guest-upload__state">
                  {row.state === 'uploading'
                    ? t('shares.upload.guest.uploading', { percent: String(row.percent) })
                    : row.state === 'done'
                      ? t('shares.upload.guest.done')
                      : row.error}
                </span>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <h2 class="guest-upload__heading">{t('shares.upload.guest.mine')}</h2>
      <Show when={props.view.uploads.length} fallback={<p class="muted">{t('shares.upload.guest.none')}</p>}>
        <ul class="item-list guest-share__files" aria-label={t('shares.upload.guest.mine')}>
          <For each={props.view.uploads}>
            {(file) => (
              <li class="item guest-share__file">
                <span class="item__icon" aria-hidden="true">
                  <TypeBadge filename={file.filename} />
                </span>
                <div class="item__body">
                  <p class="item__title guest-share__filename">{file.filename}</p>
                  <p class="item__meta">
                    {formatBytes(file.size, locale())} · {formatTime(file.at, 'dateTime')}
                  </p>
                </div>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </>
  )
}
