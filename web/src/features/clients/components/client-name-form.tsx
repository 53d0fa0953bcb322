import { useAction } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { TextField } from '../../../components/text-field'
import { t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import { updateClient, type Client } from '../queries'

/** Renames the client (the number stays). */
export function ClientNameForm(props: { client: Client }) {
  const save = useAction(updateClient)
  const [name, setName] = createSignal(props.client.name)
  const [error, setError] = createSignal<string>()
  const [failure, setFailure] = createSignal<ApiError>()
  const [saved, setSaved] = createSignal(false)
  const [pending, setPending] = createSignal(false)

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (pending()) return
    setSaved(false)
    setFailure(undefined)
    if (!name().trim()) return void setError(t('clients.create.nameMissing'))
    setPending(true)
    try {
      await save({ clientId: props.client.id, name: name().trim() })
      setSaved(true)
    } catch (thrown) {
      setFailure(toApiError(thrown))
    } finally {
      setPending(false)
    }
  }

  return (
    <form class="form inline-form" novalidate onSubmit={submit}>
      <Show when={failure()}>
        {(failed) => (
          <Alert tone="error" detail={requestIdText(failed())}>
            {failed().code === 'not_found' ? t('errors.notAllowed') : genericErrorText(failed())}
          </Alert>
        )}
      </Show>
      <TextField
        id="client-rename"
        label={t('clientSettings.name')}
        hint={t('clientSettings.nameHint', { number: props.client.number })}
        value={name()}
        onInput={(value) => {
          setName(value)
          setError(undefined)
          setSaved(false)
        }}
        autocomplete="off"
        maxLength={200}
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
          <p class="setting__saved" role="status">
            {t('clientSettings.nameSaved')}
          </p>
        </Show>
      </div>
    </form>
  )
}
