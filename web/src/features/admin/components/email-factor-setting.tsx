import { createAsync, useAction, useSubmission } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import { getSecuritySettings } from '../../security/queries'
import { setEmailFactorEnabled } from '../queries'

/**
 * The admin's switch for the e-mail code as a second factor. Off means: nobody can set it up
 * or sign in with it any more (accounts with only that factor then use a recovery code).
 */
export function EmailFactorSetting() {
  const settings = createAsync(() => getSecuritySettings())
  const save = useAction(setEmailFactorEnabled)
  const submission = useSubmission(setEmailFactorEnabled)
  const [saved, setSaved] = createSignal(false)
  const [failure, setFailure] = createSignal<ApiError>()
  const enabled = () => settings()?.emailFactorEnabled ?? true

  async function toggle() {
    if (submission.pending) return
    setSaved(false)
    setFailure(undefined)
    try {
      await save(!enabled())
      setSaved(true)
    } catch (thrown) {
      setFailure(toApiError(thrown))
    }
  }

  return (
    <div class="setting">
      <div class="setting__text">
        <p class="setting__title" id="email-factor-label">
          {t('users.settings.emailFactor')}
        </p>
        <p class="setting__hint" id="email-factor-hint">
          {t('users.settings.emailFactorHint')}
        </p>
      </div>
      <button
        type="button"
        role="switch"
        class="switch"
        aria-checked={enabled() ? 'true' : 'false'}
        aria-labelledby="email-factor-label"
        aria-describedby="email-factor-hint"
        aria-disabled={submission.pending ? 'true' : undefined}
        onClick={() => void toggle()}
      >
        <span class="switch__track" aria-hidden="true">
          <span class="switch__thumb" />
        </span>
        <span class="switch__state">
          {enabled() ? t('users.settings.on') : t('users.settings.off')}
        </span>
      </button>
      <Show when={saved()}>
        <p class="setting__saved" role="status">
          {enabled() ? t('users.settings.savedOn') : t('users.settings.savedOff')}
        </p>
      </Show>
      <Show when={failure()}>
        {(error) => (
          <Alert tone="error" detail={requestIdText(error())}>
            {error().code === 'forbidden' ? t('users.errors.adminOnly') : genericErrorText(error())}
          </Alert>
        )}
      </Show>
    </div>
  )
}
