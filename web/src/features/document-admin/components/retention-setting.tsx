import { createAsync, useAction } from '@solidjs/router'
import { createEffect, createSignal, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { TextField } from '../../../components/text-field'
import { t } from '../../../i18n'
import { toApiError } from '../../../lib/api'
import { requestIdText } from '../../../lib/error-message'
import { documentAdminErrorText } from '../error-text'
import { getRetention, setRetentionYears } from '../queries'

/** The firm's retention period in whole years (1–30), with what it means for deleting. */
export function RetentionSetting() {
  const retention = createAsync(() => getRetention())
  const save = useAction(setRetentionYears)
  const [years, setYears] = createSignal('')
  const [error, setError] = createSignal<string>()
  const [failure, setFailure] = createSignal<unknown>()
  const [saved, setSaved] = createSignal<number>()
  const [pending, setPending] = createSignal(false)
  createEffect(() => {
    const loaded = retention()?.retentionYears
    if (loaded !== undefined && !years()) setYears(String(loaded))
  })

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (pending()) return
    setFailure(undefined)
    setSaved(undefined)
    const value = Number(years().trim())
    if (!/^\d+$/.test(years().trim()) || value < 1 || value > 30)
      return void setError(t('documentAdmin.retention.yearsInvalid'))
    setPending(true)
    try {
      await save(value)
      setSaved(value)
    } catch (thrown) {
      setFailure(thrown)
    } finally {
      setPending(false)
    }
  }

  return (
    <form class="form inline-form retention-form" novalidate onSubmit={submit}>
      <Show when={failure()}>
        {(failed) => (
          <Alert tone="error" detail={requestIdText(failed())}>
            {toApiError(failed()).code === 'not_found'
              ? t('documentAdmin.errors.adminOnly')
              : documentAdminErrorText(failed())}
          </Alert>
        )}
      </Show>
        <TextField
          id="retention-years"
          label={t('documentAdmin.retention.years')}
          hint={t('documentAdmin.retention.yearsHint')}
          value={years()}
          inputMode="numeric"
          maxLength={2}
          autocomplete="off"
          onInput={(value) => {
            setYears(value)
            setError(undefined)
            setSaved(undefined)
          }}
          error={error()}
        />
      <div class="inline-form__actions">
        <button
          type="submit"
          class="button button--primary"
          classList={{ 'button--pending': pending() }}
          aria-disabled={pending() ? 'true' : undefined}
        >
          <span class="button__spinner" aria-hidden="true" />
          <span>{t('common.save')}</span>
        </button>
        <Show when={saved()}>
          {(value) => (
            <p class="setting__saved" role="status">
              {t('documentAdmin.retention.saved', { years: value() })}
            </p>
          )}
        </Show>
      </div>
    </form>
  )
}
