import { createAsync } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { Dialog } from '../../../components/dialog'
import { PasswordField } from '../../../components/password-field'
import { TextField } from '../../../components/text-field'
import { t } from '../../../i18n'
import { postJson, toApiError } from '../../../lib/api'
import { requestIdText } from '../../../lib/error-message'
import { formatTime } from '../../../lib/format'
import { getSharePolicy, SHARES, type SharePolicy } from '../queries'
import { createErrorText } from '../share-errors'
import { CreatedLink } from './created-link'
import { PolicyNote } from './policy-note'
import '../shares.css'

type Target = { clientId: string; projectId?: string; requestId?: string }

/**
 * "Upload-Link erstellen" (staff only; the caller mounts it for staff, the server decides): a link
 * for a third party to upload into this client, project or request without seeing anything there.
 */
export function UploadLinkButton(props: Target & { onDark?: boolean }) {
  const [open, setOpen] = createSignal(false)
  // The firm's longest expiry (staff's limit); without it the server's check still holds.
  const policy = createAsync(async () => getSharePolicy(props.clientId).catch(() => undefined))
  return (
    <>
      <button
        type="button"
        class="button button--secondary button--small share-button"
        classList={{ 'button--on-dark': props.onDark }}
        onClick={() => setOpen(true)}>
        <UploadIcon />
        <span>{t('shares.upload.open')}</span>
      </button>
      <Dialog open={open()} title={t('shares.upload.title')} description={t('shares.upload.description')} onClose={() => setOpen(false)}>
        <UploadLinkForm target={props} policy={policy()} onClose={() => setOpen(false)} />
      </Dialog>
    </>
  )
}

function UploadIcon() {
  return (
    <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
      <path d="M12 16V4M7 9l5-5 5 5M4 20h16" />
    </svg>
  )
}

type Errors = { days?: string; password?: string; size?: string; files?: string; email?: string }
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

function UploadLinkForm(props: { target: Target; policy?: SharePolicy; onClose: () => void }) {
  const maxDays = () => props.policy?.maxDays ?? 365
  const [days, setDays] = createSignal(String(Math.min(7, props.policy?.maxDays ?? 7)))
  const [email, setEmail] = createSignal('')
  const [password, setPassword] = createSignal('')
  const [sizeMb, setSizeMb] = createSignal('')
  const [files, setFiles] = createSignal('')
  const [errors, setErrors] = createSignal<Errors>({})
  const [failure, setFailure] = createSignal<{ text: string; detail?: string }>()
  const [pending, setPending] = createSignal(false)
  const [created, setCreated] = createSignal<{ url: string; expiresAt: string; mailed: boolean }>()

  function edit(key: keyof Errors, set: (value: string) => void, value: string) {
    set(value)
    if (errors()[key]) setErrors({ ...errors(), [key]: undefined })
  }

  function validate(): Errors {
    const found: Errors = {}
    const d = Number(days())
    if (!Number.isInteger(d) || d < 1 || d > maxDays()) found.days = t('shares.dialog.errors.days', { max: maxDays() })
    if (email().trim() && !EMAIL.test(email().trim())) found.email = t('shares.dialog.errors.email')
    if (sizeMb().trim() && !(Number(sizeMb()) > 0 && Number(sizeMb()) <= 1000 * 1000)) found.size = t('shares.upload.errors.size')
    if (files().trim() && !(Number.isInteger(Number(files())) && Number(files()) >= 1 && Number(files()) <= 1000)) found.files = t('shares.upload.errors.files')
    return found
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (pending()) return
    const found = validate()
    setErrors(found)
    setFailure(undefined)
    if (Object.values(found).some(Boolean)) return
    setPending(true)
    try {
      const result = await postJson<{ id: string; url: string; expiresAt: string }>(`${SHARES}/upload-links`, {
        clientId: props.target.clientId,
        ...(props.target.projectId ? { projectId: props.target.projectId } : {}),
        ...(props.target.requestId ? { requestId: props.target.requestId } : {}),
        expiresInDays: Number(days()),
        ...(password() ? { password: password() } : {}),
        ...(sizeMb().trim() ? { maxFileBytes: Math.round(Number(sizeMb()) * 1000 * 1000) } : {}),
        ...(files().trim() ? { maxFiles: Number(files()) } : {}),
        ...(email().trim() ? { recipientEmail: email().trim() } : {}),
      })
      setCreated({ ...result, mailed: Boolean(email().trim()) })
    } catch (thrown) {
      const error = toApiError(thrown)
      if (error.code === 'password_rejected') setErrors({ password: createErrorText(error) })
      else if (error.code === 'expiry_too_long') setErrors({ days: createErrorText(error) })
      else setFailure({ text: createErrorText(error), detail: requestIdText(error) })
    } finally {
      setPending(false)
    }
  }


  return (
    <Show
      when={created()}
      fallback={
        <form class="form share-form" novalidate onSubmit={submit}>
          <Show when={failure()}>
            {(f) => (
              <Alert tone="error" detail={f().detail}>
                {f().text}
              </Alert>
            )}
          </Show>
          <Show when={props.policy}>{(policy) => <PolicyNote policy={policy()} staff />}</Show>
          <TextField id="upload-link-days" label={t('shares.dialog.days')} hint={t('shares.dialog.daysHint', { max: maxDays() })} value={days()} onInput={(v) => edit('days', setDays, v)} inputMode="numeric" maxLength={4} error={errors().days} />
          <PasswordField
            id="upload-link-password"
            label={t('shares.dialog.password')}
            hint={t('shares.dialog.passwordHint')}
            value={password()}
            onInput={(v) => edit('password', setPassword, v)}
            autocomplete="new-password"
            error={errors().password}
          />
          <TextField id="upload-link-size" label={t('shares.upload.size')} hint={t('shares.upload.sizeHint')} value={sizeMb()} onInput={(v) => edit('size', setSizeMb, v)} inputMode="numeric" maxLength={8} error={errors().size} />
          <TextField id="upload-link-files" label={t('shares.upload.files')} hint={t('shares.upload.filesHint')} value={files()} onInput={(v) => edit('files', setFiles, v)} inputMode="numeric" maxLength={4} error={errors().files} />
          <TextField id="upload-link-email" type="email" label={t('shares.upload.email')} hint={t('shares.upload.emailHint')} value={email()} onInput={(v) => edit('email', setEmail, v)} autocomplete="off" spellcheck={false} error={errors().email} />
          <div class="form__actions">
            <button type="button" class="button button--secondary" onClick={() => props.onClose()}>
              {t('common.cancel')}
            </button>
            <button type="submit" class="button button--primary" classList={{ 'button--pending': pending() }} aria-disabled={pending() ? 'true' : undefined}>
              <span class="button__spinner" aria-hidden="true" />
              <span>{t('shares.dialog.create')}</span>
            </button>
          </div>
        </form>
      }
    >
      {(result) => (
        <div class="share-created">
          <Alert tone="success">
            {result().mailed
              ? t('shares.dialog.createdMailed', { date: formatTime(result().expiresAt, 'dateTime') })
              : t('shares.dialog.created', { date: formatTime(result().expiresAt, 'dateTime') })}
          </Alert>
          <CreatedLink id="upload-link" url={result().url} />
          <div class="form__actions">
            <button type="button" class="button button--secondary" onClick={() => props.onClose()}>
              {t('common.close')}
            </button>
          </div>
        </div>
      )}
    </Show>
  )
}
