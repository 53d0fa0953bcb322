import { createSignal, Show, type JSX } from 'solid-js'
import { t } from '../i18n'
import { toApiError, type ApiError } from '../lib/api'
import { genericErrorText, requestIdText } from '../lib/error-message'
import { Alert } from './alert'
import { Dialog } from './dialog'

type ConfirmDialogProps = {
  open: boolean
  title: string
  text: string
  confirmLabel: string
  danger?: boolean
  onConfirm: () => Promise<unknown>
  onClose: () => void
  /** The sentence for not_found (not allowed, or the thing is gone); a generic one otherwise. */
  refusedText?: string
  /** The sentence for any refusal, by its stable code (takes precedence over refusedText). */
  errorText?: (error: ApiError) => string
  /** More detail under the sentence, e.g. the names of the people concerned. */
  children?: JSX.Element
}

/** Asks once before a consequential action (disable, revoke, widen); shows a failure in place. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const [pending, setPending] = createSignal(false)
  const [failure, setFailure] = createSignal<ApiError>()

  async function confirm() {
    if (pending()) return
    setPending(true)
    setFailure(undefined)
    try {
      await props.onConfirm()
      props.onClose()
    } catch (thrown) {
      setFailure(toApiError(thrown))
    } finally {
      setPending(false)
    }
  }

  return (
    <Dialog
      open={props.open}
      title={props.title}
      description={props.text}
      onClose={() => props.onClose()}
    >
      {props.children}
      <Show when={failure()}>
        {(error) => (
          <Alert tone="error" detail={requestIdText(error())}>
            {props.errorText
              ? props.errorText(error())
              : error().code === 'not_found'
                ? (props.refusedText ?? t('errors.notAllowed'))
                : genericErrorText(error())}
          </Alert>
        )}
      </Show>
      <div class="form__actions">
        <button type="button" class="button button--secondary" onClick={() => props.onClose()}>
          {t('common.cancel')}
        </button>
        <button
          type="button"
          class="button"
          classList={{
            'button--danger': props.danger,
            'button--primary': !props.danger,
            'button--pending': pending(),
          }}
          aria-disabled={pending() ? 'true' : undefined}
          onClick={() => void confirm()}
        >
          <span class="button__spinner" aria-hidden="true" />
          <span>{props.confirmLabel}</span>
        </button>
      </div>
    </Dialog>
  )
}
