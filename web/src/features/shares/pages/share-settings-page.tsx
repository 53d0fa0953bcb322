import { createAsync, Navigate, useAction } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { CheckboxField } from '../../../components/checkbox-field'
import { TextField } from '../../../components/text-field'
import { t } from '../../../i18n'
import { toApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import { usePageTitle } from '../../../lib/page-title'
import { useAccount } from '../../auth/account-context'
import { getShareSettings, LOGO_URL, removeLogo, saveSharePolicy, uploadLogo, type ShareSettings } from '../queries'
import '../shares.css'

/**
 * /verwaltung/freigaben (admins): the firm's rules for share links — the longest expiry, and
 * what links created by clients must meet (a password, a shorter expiry) — and the logo the guest
 * page shows. The server enforces the rules on every new link; other people go to the start page.
 */
export default function ShareSettingsPage() {
  usePageTitle('shares.settings.title')
  const me = useAccount()
  return (
    <Show when={me()}>
      {(current) => (
        <Show when={current().kind === 'staff' && current().isAdmin} fallback={<Navigate href="/" />}>
          <ShareSettingsScreen />
        </Show>
      )}
    </Show>
  )
}

function ShareSettingsScreen() {
  const settings = createAsync(() => getShareSettings())
  return (
    <div class="page share-settings-page">
      <header class="page-head">
        <p class="eyebrow eyebrow--on-dark">{t('shares.settings.eyebrow')}</p>
        <h1 id="page-title" class="page-head__title">
          {t('shares.settings.title')}
        </h1>
        <p class="page-head__lead">{t('shares.settings.lead')}</p>
      </header>
      <Show when={settings()}>
        {(current) => (
          <>
            <section class="panel" aria-labelledby="share-rules-title">
              <h2 id="share-rules-title" class="panel__title">
                {t('shares.settings.rulesTitle')}
              </h2>
              <p class="panel__lead">{t('shares.settings.rulesLead')}</p>
              <RulesForm settings={current()} />
            </section>
            <section class="panel" aria-labelledby="logo-title">
              <h2 id="logo-title" class="panel__title">
                {t('shares.settings.logoTitle')}
              </h2>
              <p class="panel__lead">{t('shares.settings.logoLead')}</p>
              <LogoSetting updatedAt={current().logoUpdatedAt} />
            </section>
          </>
        )}
      </Show>
    </div>
  )
}

type Errors = { maxDays?: string; clientMaxDays?: string }
const wholeDays = (value: string) => (/^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN)

function RulesForm(props: { settings: ShareSettings }) {
  const save = useAction(saveSharePolicy)
  const [maxDays, setMaxDays] = createSignal(String(props.settings.maxDays))
  const [clientMaxDays, setClientMaxDays] = createSignal(String(props.settings.clientMaxDays))
  const [requirePassword, setRequirePassword] = createSignal(props.settings.clientRequirePassword)
  const [errors, setErrors] = createSignal<Errors>({})
  const [failure, setFailure] = createSignal<unknown>()
  const [saved, setSaved] = createSignal(false)
  const [pending, setPending] = createSignal(false)

  function edit(key: keyof Errors, set: (value: string) => void, value: string) {
    set(value)
    setSaved(false)
    if (errors()[key]) setErrors({ ...errors(), [key]: undefined })
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (pending()) return
    const max = wholeDays(maxDays())
    const client = wholeDays(clientMaxDays())
    const found: Errors = {}
    if (!(max >= 1 && max <= 365)) found.maxDays = t('shares.settings.daysInvalid')
    if (!(client >= 1 && client <= 365)) found.clientMaxDays = t('shares.settings.daysInvalid')
    else if (max >= 1 && client > max) found.clientMaxDays = t('shares.settings.clientDaysTooLong', { max })
    setErrors(found)
    setFailure(undefined)
    setSaved(false)
    if (found.maxDays || found.clientMaxDays) return
    setPending(true)
    try {
      await save({ maxDays: max, clientRequirePassword: requirePassword(), clientMaxDays: client })
      setSaved(true)
    } catch (thrown) {
      const error = toApiError(thrown)
      if (error.code === 'client_days_exceed_max') setErrors({ clientMaxDays: t('shares.settings.clientDaysTooLong', { max }) })
      else setFailure(error)
    } finally {
      setPending(false)
    }
  }

  return (
    <form class="form share-settings-form" novalidate onSubmit={submit}>
      <Show when={failure()}>
        {(failed) => (
          <Alert tone="error" detail={requestIdText(failed())}>
            {genericErrorText(failed())}
          </Alert>
        )}
      </Show>
      <TextField
        id="share-max-days"
        label={t('shares.settings.maxDays')}
        hint={t('shares.settings.maxDaysHint')}
        value={maxDays()}
        onInput={(value) => edit('maxDays', setMaxDays, value)}
        inputMode="numeric"
        maxLength={3}
        autocomplete="off"
        error={errors().maxDays}
      />
      <CheckboxField
        id="share-client-password"
        label={t('shares.settings.clientPassword')}
        hint={t('shares.settings.clientPasswordHint')}
        checked={requirePassword()}
        onChange={(value) => {
          setRequirePassword(value)
          setSaved(false)
        }}
      />
      <TextField
        id="share-client-max-days"
        label={t('shares.settings.clientMaxDays')}
        hint={t('shares.settings.clientMaxDaysHint')}
        value={clientMaxDays()}
        onInput={(value) => edit('clientMaxDays', setClientMaxDays, value)}
        inputMode="numeric"
        maxLength={3}
        autocomplete="off"
        error={errors().clientMaxDays}
      />
      <div class="inline-form__actions">
        <button type="submit" class="button button--primary" classList={{ 'button--pending': pending() }} aria-disabled={pending() ? 'true' : undefined}>
          <span class="button__spinner" aria-hidden="true" />
          <span>{t('common.save')}</span>
        </button>
        <Show when={saved()}>
          <p class="setting__saved" role="status">
            {t('shares.settings.saved')}
          </p>
        </Show>
      </div>
    </form>
  )
}

const LOGO_MAX_BYTES = 512 * 1024
const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/webp']

/** The logo: preview, upload (PNG, JPEG or WebP up to 512 KB; the server checks the content) and removal. */
function LogoSetting(props: { updatedAt: string | null }) {
  const upload = useAction(uploadLogo)
  const remove = useAction(removeLogo)
  const [error, setError] = createSignal<{ text: string; detail?: string }>()
  const [pending, setPending] = createSignal(false)
  const [status, setStatus] = createSignal<string>()
  let input: HTMLInputElement | undefined

  function errorText(thrown: unknown) {
    const code = toApiError(thrown).code
    if (code === 'logo_type_not_allowed') return t('shares.settings.logoType')
    if (code === 'payload_too_large') return t('shares.settings.logoTooLarge')
    return genericErrorText(thrown)
  }

  async function run(task: () => Promise<unknown>, done: string) {
    setPending(true)
    setError(undefined)
    setStatus(undefined)
    try {
      await task()
      setStatus(done)
    } catch (thrown) {
      setError({ text: errorText(thrown), detail: requestIdText(thrown) })
    } finally {
      setPending(false)
      if (input) input.value = ''
    }
  }

  function choose(file: File | undefined) {
    if (!file) return
    if (!LOGO_TYPES.includes(file.type)) return setError({ text: t('shares.settings.logoType') })
    if (file.size > LOGO_MAX_BYTES) return setError({ text: t('shares.settings.logoTooLarge') })
    void run(() => upload(file), t('shares.settings.logoSaved'))
  }

  return (
    <div class="logo-setting">
      <Show when={error()}>
        {(e) => (
          <Alert tone="error" detail={e().detail}>
            {e().text}
          </Alert>
        )}
      </Show>
      <div class="logo-setting__preview">
        <Show when={props.updatedAt} fallback={<p class="muted">{t('shares.settings.noLogo')}</p>}>
          {(at) => <img src={`${LOGO_URL}?v=${encodeURIComponent(at())}`} alt={t('shares.settings.logoPreview')} data-testid="logo-preview" />}
        </Show>
      </div>
      <div class="logo-setting__actions">
        <label class="button button--secondary" classList={{ 'button--pending': pending() }}>
          <span class="button__spinner" aria-hidden="true" />
          <span>{props.updatedAt ? t('shares.settings.logoReplace') : t('shares.settings.logoUpload')}</span>
          <input
            ref={input}
            type="file"
            accept={LOGO_TYPES.join(',')}
            class="visually-hidden"
            data-testid="logo-input"
            disabled={pending()}
            onChange={(e) => choose(e.currentTarget.files?.[0])}
          />
        </label>
        <Show when={props.updatedAt}>
          <button type="button" class="button button--danger" disabled={pending()} onClick={() => void run(() => remove(), t('shares.settings.logoRemoved'))}>
            {t('shares.settings.logoRemove')}
          </button>
        </Show>
        <Show when={status()}>
          {(text) => (
            <p class="setting__saved" role="status">
              {text()}
            </p>
          )}
        </Show>
      </div>
      <p class="muted">{t('shares.settings.logoHint')}</p>
    </div>
  )
}
