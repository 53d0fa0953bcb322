import { createAsync, useAction } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { CheckboxField } from '../../../components/checkbox-field'
import { Dialog } from '../../../components/dialog'
import { PasswordField } from '../../../components/password-field'
import { TextField } from '../../../components/text-field'
import { t } from '../../../i18n'
import { toApiError } from '../../../lib/api'
import { requestIdText } from '../../../lib/error-message'
import { formatTime } from '../../../lib/format'
import { PasswordFeedback } from '../../auth/components/password-feedback'
import { createPasswordCheck } from '../../auth/password-check'
import { createShare, getSharePolicy, type NewShareInput, type SharePolicy } from '../queries'
import { createErrorText } from '../share-errors'
import { useAccount } from '../../auth/account-context'
import { CreatedLink } from './created-link'
import { DocumentPicker, MAX_SHARED_DOCUMENTS } from './document-picker'
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
  const [open, setOpen] = createSignal(false)
  return (
    <Show when={policy()?.canShare && policy()}>
      {(current) => (
        <>
          <button
            type="button"
            class="button button--secondary button--small share-button"
            classList={{ 'button--on-dark': props.onDark }}
            onClick={() => setOpen(true)}>
            <ShareIcon />
            <span>{t('shares.dialog.open')}</span>
          </button>
          <Dialog open={open()} title={t('shares.dialog.title')} description={t('shares.dialog.description')} onClose={() => setOpen(false)}>
            <ShareForm target={{ clientId: props.clientId, documentIds: props.documentIds, groupId: props.groupId }} policy={current()} onClose={() => setOpen(false)} />
          </Dialog>
        </>
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
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

function ShareForm(props: { target: Target; policy: SharePolicy; onClose: () => void }) {
  const account = useAccount()
  const create = useAction(createShare)
  const check = createPasswordCheck()
  const [days, setDays] = createSignal(String(Math.min(props.policy.defaultDays, props.policy.maxDays)))
  const [password, setPassword] = createSignal('')
  const [limit, setLimit] = createSignal('')
  const [email, setEmail] = createSignal('')
  const [emailCode, setEmailCode] = createSignal(false)
  const [notify, setNotify] = createSignal(false)
  // Further documents of the same client shared with the same link (a document's dialog only).
  const [more, setMore] = createSignal<string[]>([])
  const documentIds = () => [...(props.target.documentIds ?? []), ...more()]
  const [errors, setErrors] = createSignal<Errors>({})
  const [failure, setFailure] = createSignal<{ text: string; detail?: string }>()
  const [pending, setPending] = createSignal(false)
  const [created, setCreated] = createSignal<{ url: string; expiresAt: string; mailed: boolean }>()

  /** Editing a field takes back its error; the next submit checks again. */
  function edit(key: keyof Errors, set: (value: string) => void, value: string) {
    set(value)
    if (errors()[key]) setErrors({ ...errors(), [key]: undefined })
  }

  function validate(): Errors {
    const found: Errors = {}
    const d = Number(days())
    if (!Number.isInteger(d) || d < 1 || d > props.policy.maxDays)
      found.days = t('shares.dialog.errors.days', { max: props.policy.maxDays })
    if (props.policy.requirePassword && !password()) found.password = t('shares.errors.password_required')
    else if (password() && check() && !check()!(password(), {}).ok) found.password = t('shares.errors.password_rejected')
    if (limit().trim()) {
      const n = Number(limit())
      if (!Number.isInteger(n) || n < 1 || n > 1000) found.limit = t('shares.dialog.errors.limit')
    }
    if (email().trim() && !EMAIL.test(email().trim())) found.email = t('shares.dialog.errors.email')
    if (emailCode() && !email().trim()) found.email = t('shares.dialog.errors.emailForCode')
    if (!props.target.groupId && documentIds().length > MAX_SHARED_DOCUMENTS) found.documents = t('shares.dialog.errors.tooMany', { max: MAX_SHARED_DOCUMENTS })
    return found
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (pending()) return
    const found = validate()
    setErrors(found)
    setFailure(undefined)
    if (Object.values(found).some(Boolean)) return
    const input: NewShareInput = {
      clientId: props.target.clientId,
      ...(props.target.groupId ? { groupId: props.target.groupId } : { documentIds: documentIds() }),
      expiresInDays: Number(days()),
      ...(password() ? { password: password() } : {}),
      ...(limit().trim() ? { maxDownloads: Number(limit()) } : {}),
      ...(email().trim() ? { recipientEmail: email().trim(), requireEmailCode: emailCode() } : {}),
      notifyOnFirstAccess: notify(),
    }
    setPending(true)
    try {
      const result = await create(input)
      setCreated({ url: result.url, expiresAt: result.expiresAt, mailed: Boolean(input.recipientEmail) })
    } catch (thrown) {
      const error = toApiError(thrown)
      if (error.code === 'password_required' || error.code === 'password_rejected')
        setErrors({ password: createErrorText(error) })
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
          <PolicyNote policy={props.policy} staff={account()?.kind === 'staff'} />
          <Show when={failure()}>
            {(f) => (
              <Alert tone="error" detail={f().detail}>
                {f().text}
              </Alert>
            )}
          </Show>
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
          <TextField
            id="share-days"
            label={t('shares.dialog.days')}
            hint={t('shares.dialog.daysHint', { max: props.policy.maxDays })}
            value={days()}
            onInput={(value) => edit('days', setDays, value)}
            inputMode="numeric"
            maxLength={4}
            error={errors().days}
          />
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
          <TextField
            id="share-email"
            type="email"
            label={t('shares.dialog.email')}
            hint={t('shares.dialog.emailHint')}
            value={email()}
            onInput={(value) => edit('email', setEmail, value)}
            autocomplete="off"
            spellcheck={false}
            error={errors().email}
          />
          <CheckboxField
            id="share-email-code"
            label={t('shares.dialog.emailCode')}
            hint={t('shares.dialog.emailCodeHint')}
            checked={emailCode()}
            onChange={setEmailCode}
            disabled={!email().trim()}
          />
          <CheckboxField id="share-notify" label={t('shares.dialog.notify')} checked={notify()} onChange={setNotify} />
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
          <CreatedLink id="share-link" url={result().url} />
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
