import { createAsync, useAction } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { CheckboxField } from '../../../components/checkbox-field'
import { PasswordField } from '../../../components/password-field'
import { TextField } from '../../../components/text-field'
import { t } from '../../../i18n'
import { PasswordFeedback } from '../../auth/components/password-feedback'
import { createPasswordCheck } from '../../auth/password-check'
import { createShare, getSharePolicy, type NewShareInput, type SharePolicy } from '../queries'
import { useAccount } from '../../auth/account-context'
import { DocumentPicker, MAX_SHARED_DOCUMENTS } from './document-picker'
import { createLinkForm, daysError, DaysField, EmailField, emailError, LinkDialogButton, LinkForm } from './link-form'
import { PolicyNote } from './policy-note'
import '../../auth/auth.css'
import '../shares.css'

type Target = { clientId: string; documentIds?: string[]; groupId?: string }
type ShareButtonProps = Target & { /** On the dark page head. */ onDark?: boolean }

/**
 * "Teilen" on a document or a folder: shown only when the policy lets the caller share objects of
 * this client. Nothing is rendered while the policy loads or when it cannot be read.
 */
export function ShareButton(props: ShareButtonProps) {
  const policy = createAsync(async () => getSharePolicy(props.clientId).catch(() => undefined))
  return (
    <Show when={policy()?.canShare && policy()}>
      {(current) => (
        <LinkDialogButton
          icon={<ShareIcon />}
          label={t('shares.dialog.open')}
          title={t('shares.dialog.title')}
          description={t('shares.dialog.description')}
          onDark={props.onDark}
        >
          {(close) => (
            <ShareForm target={{ clientId: props.clientId, documentIds: props.documentIds, groupId: props.groupId }} policy={current()} onClose={close} />
          )}
        </LinkDialogButton>
      )}
    </Show>
  )
}

function ShareIcon() {
  return (
    <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
      <circle cx="18" cy="5" r="3" />
      <circle cx="6" cy="12" r="3" />
      <circle cx="18" cy="19" r="3" />
      <path d="m8.6 13.5 6.8 4M15.4 6.5l-6.8 4" />
    </svg>
  )
}

type Errors = { days?: string; password?: string; limit?: string; email?: string; documents?: string }

function ShareForm(props: { target: Target; policy: SharePolicy; onClose: () => void }) {
  const account = useAccount()
  const create = useAction(createShare)
  const check = createPasswordCheck()
  const form = createLinkForm<Errors>({
    validate,
    send,
    fieldOf: (error) =>
      error.code === 'password_required' || error.code === 'password_rejected'
        ? 'password'
        : error.code === 'expiry_too_long'
          ? 'days'
          : undefined,
  })
  const { errors, setErrors, edit } = form
  const [days, setDays] = createSignal(String(Math.min(props.policy.defaultDays, props.policy.maxDays)))
  const [password, setPassword] = createSignal('')
  const [limit, setLimit] = createSignal('')
  const [email, setEmail] = createSignal('')
  const [emailCode, setEmailCode] = createSignal(false)
  const [notify, setNotify] = createSignal(false)
  // Further documents of the same client shared with the same link (a document's dialog only).
  const [more, setMore] = createSignal<string[]>([])
  const documentIds = () => [...(props.target.documentIds ?? []), ...more()]

  function validate(): Errors {
    const found: Errors = { days: daysError(days(), props.policy.maxDays) }
    if (props.policy.requirePassword && !password()) found.password = t('shares.errors.password_required')
    else if (password() && check() && !check()!(password(), {}).ok) found.password = t('shares.errors.password_rejected')
    if (limit().trim()) {
      const n = Number(limit())
      if (!Number.isInteger(n) || n < 1 || n > 1000) found.limit = t('shares.dialog.errors.limit')
    }
    found.email = emailError(email())
    if (emailCode() && !email().trim()) found.email = t('shares.dialog.errors.emailForCode')
    if (!props.target.groupId && documentIds().length > MAX_SHARED_DOCUMENTS) found.documents = t('shares.dialog.errors.tooMany', { max: MAX_SHARED_DOCUMENTS })
    return found
  }

  async function send() {
    const input: NewShareInput = {
      clientId: props.target.clientId,
      ...(props.target.groupId ? { groupId: props.target.groupId } : { documentIds: documentIds() }),
      expiresInDays: Number(days()),
      ...(password() ? { password: password() } : {}),
      ...(limit().trim() ? { maxDownloads: Number(limit()) } : {}),
      ...(email().trim() ? { recipientEmail: email().trim(), requireEmailCode: emailCode() } : {}),
      notifyOnFirstAccess: notify(),
    }
    const result = await create(input)
    return { url: result.url, expiresAt: result.expiresAt, mailed: Boolean(input.recipientEmail) }
  }

  return (
    <LinkForm
      state={form}
      linkId="share-link"
      onClose={() => props.onClose()}
      intro={<PolicyNote policy={props.policy} staff={account()?.kind === 'staff'} />}
    >
      <Show when={!props.target.groupId}>
        <DocumentPicker
          clientId={props.target.clientId}
          fixed={props.target.documentIds ?? []}
          selected={more()}
          onChange={(ids) => {
            setMore(ids)
            if (errors().documents) setErrors({ ...errors(), documents: undefined })
          }}
          error={errors().documents}
        />
      </Show>
      <DaysField id="share-days" max={props.policy.maxDays} value={days()} onInput={(value) => edit('days', setDays, value)} error={errors().days} />
      <PasswordField
        id="share-new-password"
        label={props.policy.requirePassword ? t('shares.dialog.passwordRequired') : t('shares.dialog.password')}
        hint={props.policy.requirePassword ? t('shares.dialog.passwordPolicy') : t('shares.dialog.passwordHint')}
        value={password()}
        onInput={(value) => edit('password', setPassword, value)}
        autocomplete="new-password"
        describedBy="share-password-feedback"
        error={errors().password}
      >
        <PasswordFeedback id="share-password-feedback" password={password()} verdict={check()?.(password(), {})} />
      </PasswordField>
      <TextField
        id="share-limit"
        label={t('shares.dialog.limit')}
        hint={t('shares.dialog.limitHint')}
        value={limit()}
        onInput={(value) => edit('limit', setLimit, value)}
        inputMode="numeric"
        maxLength={4}
        error={errors().limit}
      />
      <EmailField id="share-email" label={t('shares.dialog.email')} hint={t('shares.dialog.emailHint')} value={email()} onInput={(value) => edit('email', setEmail, value)} error={errors().email} />
      <CheckboxField
        id="share-email-code"
        label={t('shares.dialog.emailCode')}
        hint={t('shares.dialog.emailCodeHint')}
        checked={emailCode()}
        onChange={setEmailCode}
        disabled={!email().trim()}
      />
      <CheckboxField id="share-notify" label={t('shares.dialog.notify')} checked={notify()} onChange={setNotify} />
    </LinkForm>
  )
}
