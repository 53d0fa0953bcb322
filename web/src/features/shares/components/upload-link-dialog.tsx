import { createAsync } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { PasswordField } from '../../../components/password-field'
import { TextField } from '../../../components/text-field'
import { t } from '../../../i18n'
import { postJson } from '../../../lib/api'
import { getSharePolicy, SHARES, type SharePolicy } from '../queries'
import { createLinkForm, daysError, DaysField, EmailField, emailError, LinkDialogButton, LinkForm } from './link-form'
import { PolicyNote } from './policy-note'
import '../shares.css'

type Target = { clientId: string; projectId?: string; requestId?: string }

/**
 * "Upload-Link erstellen" (staff only; the caller mounts it for staff, the server decides): a link
 * for a third party to upload into this client, project or request without seeing anything there.
 */
export function UploadLinkButton(props: Target & { onDark?: boolean }) {
  // The firm's longest expiry (staff's limit); without it the server's check still holds.
  const policy = createAsync(async () => getSharePolicy(props.clientId).catch(() => undefined))
  return (
    <LinkDialogButton
      icon={<UploadIcon />}
      label={t('shares.upload.open')}
      title={t('shares.upload.title')}
      description={t('shares.upload.description')}
      onDark={props.onDark}
    >
      {(close) => <UploadLinkForm target={props} policy={policy()} onClose={close} />}
    </LinkDialogButton>
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

function UploadLinkForm(props: { target: Target; policy?: SharePolicy; onClose: () => void }) {
  const maxDays = () => props.policy?.maxDays ?? 365
  const form = createLinkForm<Errors>({
    validate,
    send,
    fieldOf: (error) => (error.code === 'password_rejected' ? 'password' : error.code === 'expiry_too_long' ? 'days' : undefined),
  })
  const { errors, edit } = form
  const [days, setDays] = createSignal(String(Math.min(7, props.policy?.maxDays ?? 7)))
  const [email, setEmail] = createSignal('')
  const [password, setPassword] = createSignal('')
  const [sizeMb, setSizeMb] = createSignal('')
  const [files, setFiles] = createSignal('')

  function validate(): Errors {
    const found: Errors = { days: daysError(days(), maxDays()), email: emailError(email()) }
    if (sizeMb().trim() && !(Number(sizeMb()) > 0 && Number(sizeMb()) <= 1000 * 1000)) found.size = t('shares.upload.errors.size')
    if (files().trim() && !(Number.isInteger(Number(files())) && Number(files()) >= 1 && Number(files()) <= 1000)) found.files = t('shares.upload.errors.files')
    return found
  }

  async function send() {
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
    return { ...result, mailed: Boolean(email().trim()) }
  }

  return (
    <LinkForm
      state={form}
      linkId="upload-link"
      onClose={() => props.onClose()}
    >
      <Show when={props.policy}>{(policy) => <PolicyNote policy={policy()} staff />}</Show>
      <DaysField id="upload-link-days" max={maxDays()} value={days()} onInput={(v) => edit('days', setDays, v)} error={errors().days} />
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
      <EmailField id="upload-link-email" label={t('shares.upload.email')} hint={t('shares.upload.emailHint')} value={email()} onInput={(v) => edit('email', setEmail, v)} error={errors().email} />
    </LinkForm>
  )
}
