import { useAction } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { Alert } from '../../../components/alert'
import { t } from '../../../i18n'
import { toApiError, type ApiError } from '../../../lib/api'
import { genericErrorText, requestIdText } from '../../../lib/error-message'
import { updateClient, type Client } from '../queries'

/**
 * The client's switch "Verwalter dürfen externe Beteiligte einladen": off, only staff invite tax
 * advisers, notaries and the like into the client's projects.
 */
export function OutsideSetting(props: { client: Client }) {
  const save = useAction(updateClient)
  const [pending, setPending] = createSignal(false)
  const [saved, setSaved] = createSignal(false)
  const [failure, setFailure] = createSignal<ApiError>()
  const enabled = () => props.client.managersInviteOutside

  async function toggle() {
    if (pending()) return
    setPending(true)
    setSaved(false)
    setFailure(undefined)
    try {
      await save({ clientId: props.client.id, managersInviteOutside: !enabled() })
      setSaved(true)
    } catch (thrown) {
      setFailure(toApiError(thrown))
    } finally {
      setPending(false)
    }
  }

  return (
    <div class="setting">
      <div class="setting__text">
        <p class="setting__title" id="outside-label">
          {t('clientSettings.outside')}
        </p>
        <p class="setting__hint" id="outside-hint">
          {t('clientSettings.outsideHint')}
        </p>
      </div>
      <button
        type="button"
        role="switch"
        class="switch"
        aria-checked={enabled() ? 'true' : 'false'}
        aria-labelledby="outside-label"
        aria-describedby="outside-hint"
        aria-disabled={pending() ? 'true' : undefined}
        onClick={() => void toggle()}
      >
        <span class="switch__track" aria-hidden="true">
          <span class="switch__thumb" />
        </span>
        <span class="switch__state">{enabled() ? t('common.on') : t('common.off')}</span>
      </button>
      <Show when={saved()}>
        <p class="setting__saved" role="status">
          {enabled() ? t('clientSettings.outsideOn') : t('clientSettings.outsideOff')}
        </p>
      </Show>
      <Show when={failure()}>
        {(error) => (
          <Alert tone="error" detail={requestIdText(error())}>
            {genericErrorText(error())}
          </Alert>
        )}
      </Show>
    </div>
  )
}
